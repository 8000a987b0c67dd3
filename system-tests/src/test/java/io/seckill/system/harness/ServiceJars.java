package io.seckill.system.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a service's executable jar, {@code <jar-root>/<module>/target/<module>.jar} (every service sets that final
 * name, as the launcher, compose and k8s expect). The root is the system property {@code seckill.system.jar-root}
 * (the reactor root, set by the pom), else {@code ..}.
 */
public final class ServiceJars {

    private ServiceJars() {
    }

    /** The executable jar of {@code module}; fails naming the path when the module was not packaged. */
    public static Path of(String module) {
        Path jar = Path.of(System.getProperty("seckill.system.jar-root", ".."), module, "target", module + ".jar")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no executable jar of " + module + " at " + jar
                    + " (package the module first)");
        }
        return jar;
    }
}
