package io.seckill.system.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds a service's executable jar in {@code <jar-root>/<module>/target}, whatever its final name: {@code
 * <module>.jar} if the module sets that final name, else {@code <module>-<version>.jar} as Spring Boot's repackage
 * leaves it (never the {@code .jar.original} beside it). The root is the system property {@code
 * seckill.system.jar-root} (the reactor root, set by the pom), else {@code ..}.
 */
public final class ServiceJars {

    private ServiceJars() {
    }

    /** The executable jar of {@code module}; fails naming the directory when the module was not packaged. */
    public static Path of(String module) {
        Path target = Path.of(System.getProperty("seckill.system.jar-root", ".."), module, "target")
                .toAbsolutePath().normalize();
        Path exact = target.resolve(module + ".jar");
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        List<Path> versioned = versionedJars(target, module);
        if (versioned.size() != 1) {
            throw new IllegalStateException("expected one executable jar of " + module + " in " + target
                    + " (package the module first), found " + versioned);
        }
        return versioned.getFirst();
    }

    private static List<Path> versionedJars(Path target, String module) {
        if (!Files.isDirectory(target)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> {
                        String file = path.getFileName().toString();
                        return file.startsWith(module + "-") && file.endsWith(".jar")
                                && !file.endsWith("-sources.jar") && !file.endsWith("-tests.jar")
                                && !file.endsWith("-javadoc.jar");
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target, e);
        }
    }
}
