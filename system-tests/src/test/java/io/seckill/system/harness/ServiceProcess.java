package io.seckill.system.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One service as a child JVM running its executable jar, on a fixed port chosen once: {@link #restart()} comes back
 * on the same port with the same arguments (same schema, same Redis, same broker), as a restarted pod would.
 * Each run logs to {@code <logDir>/<name>-<n>.log}.
 *
 * <p>{@link #kill()} is SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no last commit.
 * Not thread-safe: one test thread drives the lifecycle.
 */
public final class ServiceProcess {

    /** Exit status of a JVM killed by SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;

    private static final HttpClient HEALTH = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final int LOG_TAIL_LINES = 60;

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> arguments;
    private final Path logDir;
    private Process process;
    private Path log;
    private int runs;

    private ServiceProcess(String name, Path jar, int port, List<String> arguments, Path logDir) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.arguments = List.copyOf(arguments);
        this.logDir = logDir;
    }

    /** Launches the jar with {@code --server.port=port} and {@code arguments}; see {@link #awaitHealthy}. */
    public static ServiceProcess launch(String name, Path jar, int port, List<String> arguments, Path logDir) {
        ServiceProcess service = new ServiceProcess(name, jar, port, arguments, logDir);
        service.launch();
        return service;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits until {@code /actuator/health} answers UP; throws with the log's tail if the JVM dies or time runs out. */
    public ServiceProcess awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw failure("exited with status " + process.exitValue() + " before it was healthy");
            }
            if (healthy()) {
                return this;
            }
            sleep(Duration.ofMillis(250));
        }
        throw failure("was not healthy within " + timeout);
    }

    /** SIGKILL; returns the exit status once the process is gone ({@link #SIGKILL_EXIT} on Linux). */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM (Spring's graceful shutdown), SIGKILL if it has not exited after 30 s. */
    public void stop() {
        if (!isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Stops the process if it still runs, launches it again with the same port and arguments, waits for health. */
    public ServiceProcess restart(Duration timeout) {
        relaunch();
        return awaitHealthy(timeout);
    }

    /** Like {@link #restart} without waiting: the caller watches the start itself (e.g. to kill it halfway). */
    public ServiceProcess relaunch() {
        stop();
        launch();
        return this;
    }

    /** The last lines of the current run's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    private void launch() {
        runs++;
        log = logDir.resolve(name + "-" + runs + ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + logDir.resolve("tmp"), "-jar", jar.toString(),
                "--server.port=" + port));
        command.addAll(arguments);
        try {
            // Tomcat's work directories go there too, instead of piling up in the shared /tmp.
            Files.createDirectories(logDir.resolve("tmp"));
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            Process started = process;
            // An aborted test run (Ctrl-C, fork timeout) must not leave service JVMs holding ports and schemas.
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, name + "-reaper"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " from " + jar, e);
        }
    }

    private boolean healthy() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = HEALTH.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("did not exit within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(name + " (run " + runs + ", port " + port + ") " + what + "; log " + log
                + ":\n" + logTail());
    }

    /** The JDK that runs the tests, so the services run on the same Java as the build. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
