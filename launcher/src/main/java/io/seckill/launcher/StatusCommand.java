package io.seckill.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code status}: whether the platform of a data directory runs, its URLs and which of its processes are alive. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the platform running from the data directory.")
final class StatusCommand implements Callable<Integer> {

    /** Exit status when no platform runs (like `systemctl status`). */
    static final int NOT_RUNNING = 3;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SECKILL_DATA_DIR:-data}",
            description = "The data directory of the platform (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() {
        Path dir = dataDir.toAbsolutePath().normalize();
        Optional<RunningPlatform> running = RunningPlatform.find(dir);
        if (running.isEmpty()) {
            System.out.println("No platform is running from " + dir + ".");
            return NOT_RUNNING;
        }
        PlatformFile file = running.get().file();
        Map<String, ProcessHandle> live = running.get().liveComponents();
        System.out.println("Platform of " + dir + ": " + file.state() + ", launcher pid " + file.launcherPid()
                + (running.get().launcher().isPresent() ? "" : " (gone)"));
        System.out.println("  gateway    " + file.gatewayUrl()
                + (HealthCheck.http(file.gatewayUrl() + "/actuator/health").healthy() ? " (healthy)" : " (not healthy)"));
        System.out.println("  mq-broker  " + file.bootstrapServers() + ", " + file.brokerAdminUrl());
        System.out.println("  demo sale  " + (file.activityId() == null ? "(not yet)" : file.activityId()));
        file.pids().forEach((name, pid) -> System.out.println(String.format("  %-10s pid %d %s", name, pid,
                live.containsKey(name) ? "running" : "exited")));
        return 0;
    }
}
