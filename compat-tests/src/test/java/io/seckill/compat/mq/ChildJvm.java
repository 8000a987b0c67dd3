package io.seckill.compat.mq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for crash tests: a main class from this test classpath, or the mq-broker fat jar (broker or
 * standalone coordinator). {@link #kill()} is SIGKILL: no shutdown hook, no flush, no goodbye.
 */
final class ChildJvm implements AutoCloseable {

    static final Path FAT_JAR = Path.of("..", "mq-broker", "target", "mq-broker.jar").toAbsolutePath().normalize();

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Void> seen = new CompletableFuture<>();
    private final String awaited;

    private ChildJvm(List<String> command, String awaited) throws IOException {
        this.awaited = awaited;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread.ofPlatform().daemon().name("child-output").start(this::pump);
    }

    /** Runs {@code mainClass} with this JVM's classpath. */
    static ChildJvm mainClass(Class<?> mainClass, String awaited, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        return new ChildJvm(command, awaited);
    }

    /** Runs the mq-broker fat jar with {@code args} (e.g. {@code coordinator --bootstrap ...}). */
    static ChildJvm fatJar(String awaited, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", FAT_JAR.toString()));
        command.addAll(List.of(args));
        return new ChildJvm(command, awaited);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.contains(awaited)) {
                    seen.complete(null);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Waits until the child printed the awaited text. */
    ChildJvm awaitReady(Duration timeout) throws Exception {
        try {
            seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("child did not print '" + awaited + "' within " + timeout + "; alive=" + process.isAlive()
                    + "; output:\n" + output);
        }
        return this;
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
