package io.seckill.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the platform: checks the ports, starts the components stage by stage (data stores, broker, services,
 * gateway), each stage only once the previous one is healthy, seeds the demo sale, then waits for a stop request and
 * stops everything in reverse order (SIGTERM, then SIGKILL after a grace period).
 *
 * <p>It runs in a session of its own (see {@link UpCommand}), so Ctrl-C in the terminal reaches only the front
 * process, which forwards it as SIGTERM: the order of the stop is then the launcher's, not the order in which the
 * processes happen to handle the terminal's SIGINT. Stop requests (SIGTERM, SIGINT, SIGHUP, the front process
 * exiting) may arrive on any thread; everything else runs on the calling thread.
 */
final class Supervisor {

    /** order-service's default {@code seckill.order.payment-timeout} (API.md), when the environment sets none. */
    private static final String DEFAULT_PAYMENT_TIMEOUT = "PT15M";

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration DEMO_PATIENCE = Duration.ofSeconds(90);

    private final PlatformOptions options;
    private final boolean live;
    private final boolean detached;
    private final Long frontPid;
    private final PrintStream out = System.out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final List<Component> started = new ArrayList<>();
    private final Instant launchedAt = Instant.now();
    private PlatformFile file;

    /** {@code frontPid}: stop when that process exits (a foreground {@code up} killed without Ctrl-C). */
    Supervisor(PlatformOptions options, boolean live, boolean detached, Long frontPid) {
        this.options = options;
        this.live = live;
        this.detached = detached;
        this.frontPid = frontPid;
    }

    int run() throws IOException, InterruptedException {
        for (String signal : List.of("TERM", "INT", "HUP")) {
            // Replaces the JVM's handler, which would run the shutdown hooks concurrently instead of stopping in order.
            sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> stopRequested.countDown());
        }
        if (frontPid != null && !detached) {
            ProcessHandle.of(frontPid).ifPresentOrElse(front -> front.onExit().thenRun(stopRequested::countDown),
                    stopRequested::countDown);
        }
        Path dataDir = options.dataDirectory();
        Files.createDirectories(dataDir.resolve("logs"));
        Files.createDirectories(dataDir.resolve("tmp"));
        if (RunningPlatform.find(dataDir).isPresent()) {
            out.println("seckill: the platform of " + dataDir + " is already running: ./seckill down stops it");
            return LauncherMain.FAILED;
        }
        Ports ports = options.ports();
        List<String> problems = PortCheck.problems(ports.byPort(options.mysql().embedded(), options.redis().embedded()),
                List.of(ports.gateway(), ports.inventory(), ports.order(), ports.payment(), ports.broker(),
                        ports.brokerAdmin(), ports.mysql(), ports.redis()));
        if (!problems.isEmpty()) {
            problems.forEach(problem -> out.println("seckill: " + problem));
            out.println("seckill: nothing was started. Stop what holds the port (another platform: ./seckill down"
                    + " --data-dir DIR), or choose other ports (--ports-base PORT, or the flags above).");
            return LauncherMain.FAILED;
        }
        Map<String, String> env = System.getenv();
        Secrets secrets = Secrets.load(dataDir, env);
        PlatformProcesses processes = new PlatformProcesses(options, secrets, env);
        processes.requireJars();
        file = new PlatformFile(PlatformFile.STARTING, ProcessHandle.current().pid(), dataDir.toString(),
                processes.gatewayUrl(), secrets.adminKey(), processes.brokerAdminUrl(), processes.bootstrapServers(),
                null, env.getOrDefault("SECKILL_ORDER_PAYMENT_TIMEOUT", DEFAULT_PAYMENT_TIMEOUT), ports,
                new LinkedHashMap<>());
        file.write();
        try {
            return startAndWait(processes, secrets);
        } finally {
            stopAll();
            Files.deleteIfExists(PlatformFile.in(dataDir));
        }
    }

    private int startAndWait(PlatformProcesses processes, Secrets secrets) throws InterruptedException {
        List<Component> stores = processes.stores();
        ChildProcess broker = processes.broker();
        List<ChildProcess> services = processes.services();
        ChildProcess gateway = processes.gateway();
        List<String> names = new ArrayList<>();
        stores.forEach(store -> names.add(store.name()));
        names.add(broker.name());
        services.forEach(service -> names.add(service.name()));
        names.add(gateway.name());
        StatusLine status = new StatusLine(out, live, names);
        try {
            startStage(status, stores);
            PlatformSetup.createSchemas(options.mysql());
            startStage(status, List.of(broker));
            PlatformSetup.createTopics(processes.bootstrapServers());
            startStage(status, services);
            startStage(status, List.of(gateway));
            status.close();
            Instant startsAt = launchedAt.plus(options.demoStartsIn);
            Instant soonest = Instant.now().plusSeconds(5);
            DemoSale sale = DemoSale.seed(processes.gatewayUrl(), secrets.adminKey(),
                    startsAt.isBefore(soonest) ? soonest : startsAt, options.demoStock, DEMO_PATIENCE);
            out.print(Banner.render(processes, options, secrets, sale, status.elapsed(), detached));
            out.flush();
            file = file.ready(sale.activityId());
            file.write();
        } catch (StartFailure failure) {
            status.close();
            out.println(failure.getMessage());
            out.println("Stopping what was started.");
            return LauncherMain.FAILED;
        } catch (StopRequested stop) {
            status.close();
            return 0;
        } catch (RuntimeException e) {
            status.close();
            out.println("seckill: " + e.getMessage());
            out.println("Stopping what was started.");
            return LauncherMain.FAILED;
        }
        watchUntilStopped();
        return 0;
    }

    /** Starts every component of a stage, then waits until all are healthy; fails on the first that cannot be. */
    private void startStage(StatusLine status, List<? extends Component> stage) throws InterruptedException {
        for (Component component : stage) {
            status.set(component.name(), StatusLine.State.STARTING);
            try {
                component.start();
            } catch (IOException | RuntimeException e) {
                status.set(component.name(), StatusLine.State.FAILED);
                throw new StartFailure(component, "could not be started: " + e.getMessage());
            }
            started.add(component);
            component.pid().ifPresent(pid -> {
                file = file.withPid(component.name(), pid);
                file.write();
            });
        }
        long deadline = System.nanoTime() + options.healthTimeout.toNanos();
        Set<Component> pending = new LinkedHashSet<>(stage);
        while (!pending.isEmpty()) {
            if (stopRequested.getCount() == 0) {
                throw new StopRequested();
            }
            for (Component component : List.copyOf(pending)) {
                if (component.healthy()) {
                    pending.remove(component);
                    status.set(component.name(), StatusLine.State.UP);
                } else if (!component.alive()) {
                    status.set(component.name(), StatusLine.State.FAILED);
                    throw new StartFailure(component, "exited" + exitStatus(component) + " before it was healthy");
                } else if (System.nanoTime() - deadline > 0) {
                    status.set(component.name(), StatusLine.State.FAILED);
                    throw new StartFailure(component, "was not healthy within " + options.healthTimeout.toSeconds()
                            + " s (--health-timeout)");
                }
            }
            status.tick();
            stopRequested.await(250, TimeUnit.MILLISECONDS);
        }
    }

    /** Reports a component that exits while the platform runs; the others keep running (it may be an experiment). */
    private void watchUntilStopped() throws InterruptedException {
        Set<String> reported = new HashSet<>();
        while (!stopRequested.await(1, TimeUnit.SECONDS)) {
            for (Component component : started) {
                if (!component.alive() && reported.add(component.name())) {
                    out.println("seckill: " + component.name() + " exited" + exitStatus(component) + " (see "
                            + options.dataDirectory().resolve("logs").resolve(component.name() + ".log")
                            + "); the rest keeps running");
                    out.flush();
                }
            }
        }
    }

    private static String exitStatus(Component component) {
        return component instanceof ChildProcess child ? " with status " + child.exitValue() : "";
    }

    /** Stops the started components in reverse order, each gracefully, forcibly after {@link #STOP_GRACE}. */
    private void stopAll() {
        if (started.isEmpty()) {
            return;
        }
        List<Component> reverse = new ArrayList<>(started).reversed();
        StatusLine status = new StatusLine(out, live, reverse.stream().map(Component::name).toList());
        status.message("Stopping the platform.");
        for (Component component : reverse) {
            if (live) {
                // In a log file, one line per stopped component is enough.
                status.set(component.name(), StatusLine.State.STARTING);
            }
            component.stop(STOP_GRACE);
            status.set(component.name(), StatusLine.State.STOPPED);
        }
        status.close();
        out.println("Stopped.");
        out.flush();
    }

    /** A component could not be started or did not become healthy: the message ends with the tail of its log. */
    private static final class StartFailure extends RuntimeException {
        StartFailure(Component component, String what) {
            super("seckill: " + component.name() + " " + what + ". The end of its log:\n"
                    + component.logTail().lines().map(line -> "  | " + line).reduce((a, b) -> a + "\n" + b)
                    .orElse("  | (empty)"));
        }
    }

    /** A stop was requested while the platform was starting. */
    private static final class StopRequested extends RuntimeException {
        StopRequested() {
            super(null, null, false, false);
        }
    }
}
