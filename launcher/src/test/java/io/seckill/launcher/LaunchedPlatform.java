package io.seckill.launcher;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform for an integration test, started as {@code ./seckill up --detach} starts it: a child process
 * running {@code java -jar launcher/target/launcher.jar up --detach}, on free ports and its own data directory, so it
 * never meets a platform already running on the machine. {@link #close()} runs {@code down} and checks that no
 * process is left behind.
 *
 * <p>Other modules' tests use it through the launcher's test jar ({@code io.seckill:launcher}, type {@code test-jar},
 * scope test, with every transitive dependency excluded: this class needs only the JDK and jackson-databind). The
 * platform's jars are found under the system property {@code seckill.launcher.home} (the project's root; default
 * {@code ..}), so the reactor must have packaged launcher, mq-broker, the services and the gateway first.
 * Not thread-safe.
 */
public final class LaunchedPlatform implements AutoCloseable {

    /** How long {@code up} may take on a busy two-core machine (it boots six JVMs). */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(8);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path home;
    private final Path dataDir;
    private final String output;
    private final JsonNode platform;
    private final Thread reaper;

    private LaunchedPlatform(Path home, Path dataDir, String output, JsonNode platform) {
        this.home = home;
        this.dataDir = dataDir;
        this.output = output;
        this.platform = platform;
        // A test JVM that ends without close() (a crash, a timeout) must not leave six JVMs behind.
        this.reaper = new Thread(this::down, "launched-platform-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts a platform with its data in {@code dataDir} (created if missing; reused if it holds a previous run),
     * on free ports, with {@code env} added to the processes' environment (e.g. {@code
     * SECKILL_ORDER_PAYMENT_TIMEOUT=PT20S}) and {@code upOptions} added to {@code up} (e.g. {@code --demo-stock}).
     */
    public static LaunchedPlatform start(Path dataDir, Map<String, String> env, String... upOptions) {
        Path home = Path.of(System.getProperty("seckill.launcher.home", "..")).toAbsolutePath().normalize();
        Path dir = dataDir.toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar",
                home.resolve("launcher/target/launcher.jar").toString(), "up", "--detach",
                "--data-dir", dir.toString(), "--home", home.toString(), "--demo-starts-in", "PT5S"));
        String[] portFlags = {"--gateway-port", "--inventory-port", "--order-port", "--payment-port", "--broker-port",
                "--broker-admin-port", "--mysql-port", "--redis-port"};
        for (String flag : portFlags) {
            command.add(flag);
            command.add(Integer.toString(freePort()));
        }
        command.addAll(List.of(upOptions));
        try {
            Files.createDirectories(dir);
            Path outputFile = Files.createTempFile(dir.getParent(), dir.getFileName() + "-up-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile());
            builder.environment().putAll(env);
            Process up = builder.start();
            boolean exited = up.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            String output = Files.readString(outputFile, StandardCharsets.UTF_8);
            if (!exited || up.exitValue() != 0) {
                up.destroy();
                new LaunchedPlatform(home, dir, output, null).close();
                throw new IllegalStateException("`up --detach` " + (exited ? "exited with " + up.exitValue()
                        : "did not finish within " + START_TIMEOUT) + ":\n" + output);
            }
            return new LaunchedPlatform(home, dir, output, JSON.readTree(Files.readString(dir.resolve("platform.json"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What {@code up} printed: the status lines, the URLs, the admin key, the curl lines. */
    public String output() {
        return output;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The public entry, e.g. {@code http://localhost:41234}. */
    public String gatewayUrl() {
        return platform.get("gatewayUrl").asString();
    }

    /** The admin key: {@code POST /api/auth/token {"userId":"ops","adminKey":…}} gives an ADMIN token. */
    public String adminKey() {
        return platform.get("adminKey").asString();
    }

    /** The demo sale (100 units unless {@code --demo-stock}; opens 5 s after the start began). */
    public String demoActivityId() {
        return platform.get("activityId").asString();
    }

    /** mq-broker's HTTP admin ({@code /health}, {@code /metrics}). */
    public String brokerAdminUrl() {
        return platform.get("brokerAdminUrl").asString();
    }

    public String bootstrapServers() {
        return platform.get("bootstrapServers").asString();
    }

    /** Component name (gateway, inventory, order, payment, mq-broker, mariadb, redis) → port. */
    public Map<String, Integer> ports() {
        JsonNode ports = platform.get("ports");
        Map<String, Integer> byName = new LinkedHashMap<>();
        byName.put("gateway", ports.get("gateway").asInt());
        byName.put("inventory", ports.get("inventory").asInt());
        byName.put("order", ports.get("order").asInt());
        byName.put("payment", ports.get("payment").asInt());
        byName.put("mq-broker", ports.get("broker").asInt());
        byName.put("mq-broker-admin", ports.get("brokerAdmin").asInt());
        byName.put("mariadb", ports.get("mysql").asInt());
        byName.put("redis", ports.get("redis").asInt());
        return byName;
    }

    /** Component name → pid of every process of the platform, and {@code launcher} for the launcher itself. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("launcher", platform.get("launcherPid").asLong());
        platform.get("pids").properties().forEach(entry -> pids.put(entry.getKey(), entry.getValue().asLong()));
        return pids;
    }

    /** Runs {@code down}; fails if any process of the platform is still alive afterwards. */
    @Override
    public void close() {
        down();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook has run or is running down() itself.
        }
        if (platform != null) {
            List<String> alive = new ArrayList<>();
            pids().forEach((name, pid) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .ifPresent(process -> alive.add(name + " (pid " + pid + ")")));
            if (!alive.isEmpty()) {
                throw new IllegalStateException("still running after down: " + alive);
            }
        }
    }

    private void down() {
        try {
            Process down = new ProcessBuilder(javaBinary(), "-jar", home.resolve("launcher/target/launcher.jar").toString(),
                    "down", "--data-dir", dataDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("logs/down.txt").toFile()))
                    .start();
            if (!down.waitFor(6, TimeUnit.MINUTES)) {
                down.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run down", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
