package io.seckill.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A platform that {@code platform.json} says runs from a data directory, as {@code down} and {@code status} see it.
 * A pid counts only while its process's command line names the data directory: every process the launcher starts
 * carries it, so a pid reused by an unrelated process after a crash is never signalled.
 */
final class RunningPlatform {

    private final Path dataDir;
    private final PlatformFile file;

    private RunningPlatform(Path dataDir, PlatformFile file) {
        this.dataDir = dataDir;
        this.file = file;
    }

    /** The data directory's platform if its launcher or any of its processes still runs. */
    static Optional<RunningPlatform> find(Path dataDir) {
        return PlatformFile.read(dataDir).map(file -> new RunningPlatform(dataDir, file))
                .filter(platform -> platform.launcher().isPresent() || !platform.liveComponents().isEmpty());
    }

    PlatformFile file() {
        return file;
    }

    /** The launcher process, if it still runs. */
    Optional<ProcessHandle> launcher() {
        return ours(file.launcherPid());
    }

    /** Component name → process, for those still running, in start order. */
    Map<String, ProcessHandle> liveComponents() {
        Map<String, ProcessHandle> live = new java.util.LinkedHashMap<>();
        file.pids().forEach((name, pid) -> ours(pid).ifPresent(process -> live.put(name, process)));
        return live;
    }

    /**
     * Asks the launcher to stop everything (SIGTERM) and waits up to {@code patience}; then stops, in reverse start
     * order, any process left behind (the launcher was killed, or did not finish in time).
     */
    void stop(Duration patience) throws InterruptedException, java.io.IOException {
        Optional<ProcessHandle> launcher = launcher();
        if (launcher.isPresent()) {
            launcher.get().destroy();
            awaitExit(launcher.get(), patience);
        }
        List<Map.Entry<String, ProcessHandle>> leftovers = new ArrayList<>(liveComponents().entrySet());
        for (Map.Entry<String, ProcessHandle> leftover : leftovers.reversed()) {
            leftover.getValue().destroy();
            if (!awaitExit(leftover.getValue(), Duration.ofSeconds(30))) {
                leftover.getValue().destroyForcibly();
                awaitExit(leftover.getValue(), Duration.ofSeconds(10));
            }
        }
        launcher().ifPresent(ProcessHandle::destroyForcibly);
        java.nio.file.Files.deleteIfExists(PlatformFile.in(dataDir));
    }

    private Optional<ProcessHandle> ours(long pid) {
        String marker = dataDir.toString();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false));
    }

    private static boolean awaitExit(ProcessHandle process, Duration patience) throws InterruptedException {
        try {
            process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
