package io.seckill.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code down}: stops the platform of a data directory that {@code up --detach} (or a foreground {@code up} in
 * another terminal) started, showing the launcher's stop progress; then stops anything the launcher left behind.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the platform running from the data directory.")
final class DownCommand implements Callable<Integer> {

    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SECKILL_DATA_DIR:-data}",
            description = "The data directory of the platform to stop (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Optional<RunningPlatform> running = RunningPlatform.find(dir);
        if (running.isEmpty()) {
            System.out.println("No platform is running from " + dir + ".");
            return 0;
        }
        System.out.println("Stopping the platform of " + dir + " (launcher pid " + running.get().file().launcherPid()
                + ").");
        Path log = dir.resolve("logs").resolve("launcher.log");
        LogFollower follower = new LogFollower(log, LogFollower.sizeOf(log), System.out);
        Thread progress = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                follower.pump();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        running.get().stop(PATIENCE);
        progress.interrupt();
        progress.join();
        follower.pump();
        boolean left = RunningPlatform.find(dir).isPresent();
        System.out.println(left ? "Some processes could not be stopped: see " + dir.resolve("platform.json") : "Down.");
        return left ? LauncherMain.FAILED : 0;
    }
}
