package io.seckill.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A component run as a child process of the launcher, its stdout and stderr in {@code <logDir>/<name>.log} (the
 * previous run's log is kept as {@code <name>.log.1}). It inherits the launcher's environment plus {@code env}, so
 * that variables such as {@code SECKILL_ORDER_PAYMENT_TIMEOUT} reach the services. Started and stopped by one thread.
 */
final class ChildProcess implements Component {

    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Function<ChildProcess, List<String>> command;
    private final Map<String, String> env;
    private final Path log;
    private final HealthCheck health;
    private volatile Process process;

    /**
     * @param command computes the command line when the child starts: it may first do slow preparation (MariaDB's
     *                first unpack), which then shows as "starting" on the status line, and {@link #note} it
     */
    ChildProcess(String name, Function<ChildProcess, List<String>> command, Map<String, String> env, Path logDir,
                 HealthCheck health) {
        this.name = name;
        this.command = command;
        this.env = Map.copyOf(env);
        this.log = logDir.resolve(name + ".log");
        this.health = health;
    }

    ChildProcess(String name, List<String> command, Map<String, String> env, Path logDir, HealthCheck health) {
        this(name, child -> command, env, logDir, health);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(log.getParent());
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling(name + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(command.apply(this)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        process = builder.start();
    }

    /** Appends a line to this component's log (what the launcher did for it before the process ran). */
    void note(String line) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean healthy() {
        return alive() && health.healthy();
    }

    @Override
    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public OptionalLong pid() {
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    /** The exit status, once it has exited. */
    int exitValue() {
        return process.exitValue();
    }

    @Override
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(),
                    lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Where its output goes. */
    Path log() {
        return log;
    }

    @Override
    public void stop(Duration grace) {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly();
                running.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
    }
}
