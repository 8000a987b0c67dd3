package io.seckill.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The command line and environment of every process of the platform, wired to each other's ports: what each
 * service's application.yml leaves to the environment (datasource, Redis, broker, ports, peers, secrets). Everything
 * else comes from the yml defaults or from the launcher's own environment, which the processes inherit.
 *
 * <p>The services listen on 127.0.0.1 only: the gateway is the one public entry (API.md).
 */
final class PlatformProcesses {

    /** The JVM options of every Java process, unless {@code SECKILL_JAVA_OPTS} gives others. */
    private static final List<String> DEFAULT_JAVA_OPTS = List.of("-Xms128m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError");
    private static final int BROKER_PARTITIONS = 6;

    private final Path home;
    private final Path dataDir;
    private final Path logDir;
    private final Ports ports;
    private final MysqlEndpoint mysql;
    private final PlatformOptions.RedisEndpoint redis;
    private final Secrets secrets;
    private final List<String> javaOpts;

    PlatformProcesses(PlatformOptions options, Secrets secrets, Map<String, String> env) {
        this.home = options.homeDirectory();
        this.dataDir = options.dataDirectory();
        this.logDir = dataDir.resolve("logs");
        this.ports = options.ports();
        this.mysql = options.mysql();
        this.redis = options.redis();
        this.secrets = secrets;
        String custom = env.getOrDefault("SECKILL_JAVA_OPTS", "").trim();
        this.javaOpts = custom.isEmpty() ? DEFAULT_JAVA_OPTS : Arrays.asList(custom.split("\\s+"));
    }

    /** The data stores: started first, stopped last. */
    List<Component> stores() {
        return List.of(
                mysql.embedded() ? MariaDbServer.child(dataDir, ports.mysql(), logDir)
                        : Component.external("mariadb", HealthCheck.jdbc(mysql)),
                redis.embedded() ? RedisServerProcess.child(dataDir, ports.redis(), logDir)
                        : Component.external("redis", HealthCheck.redisPing(redis.host(), redis.port())));
    }

    ChildProcess broker() {
        List<String> command = java("mq-broker", jar("mq-broker"));
        command.addAll(List.of("--port", Integer.toString(ports.broker()),
                "--admin-port", Integer.toString(ports.brokerAdmin()),
                "--data-dir", dataDir.resolve("mq-broker").toString(),
                "--host", "127.0.0.1", "--advertised-host", "127.0.0.1",
                "--num-partitions", Integer.toString(BROKER_PARTITIONS)));
        return new ChildProcess("mq-broker", command, Map.of(), logDir,
                HealthCheck.http(brokerAdminUrl() + "/health"));
    }

    /** inventory, order and payment services, started together. */
    List<ChildProcess> services() {
        List<String> inventory = service("inventory-service", ports.inventory(), "inventory");
        inventory.addAll(redisArgs());
        List<String> order = service("order-service", ports.order(), "orders");
        List<String> payment = service("payment-service", ports.payment(), "payments");
        payment.add("--seckill.payment.order-service.url=http://127.0.0.1:" + ports.order());
        return List.of(
                new ChildProcess("inventory", inventory, serviceEnv(), logDir, actuator(ports.inventory())),
                new ChildProcess("order", order, serviceEnv(), logDir, actuator(ports.order())),
                new ChildProcess("payment", payment, serviceEnv(), logDir, actuator(ports.payment())));
    }

    ChildProcess gateway() {
        List<String> command = java("gateway", jar("gateway"));
        command.add("--server.port=" + ports.gateway());
        command.addAll(redisArgs());
        command.add("--seckill.gateway.services.inventory=http://127.0.0.1:" + ports.inventory());
        command.add("--seckill.gateway.services.order=http://127.0.0.1:" + ports.order());
        command.add("--seckill.gateway.services.payment=http://127.0.0.1:" + ports.payment());
        Map<String, String> env = new HashMap<>(serviceEnv());
        // Through the environment rather than the command line: `ps` shows command lines to every user.
        env.put("SECKILL_AUTH_ADMIN_KEY", secrets.adminKey());
        env.put("SECKILL_AUTH_JWT_SECRET", secrets.jwtSecret());
        return new ChildProcess("gateway", command, env, logDir, actuator(ports.gateway()));
    }

    String gatewayUrl() {
        return "http://localhost:" + ports.gateway();
    }

    String brokerAdminUrl() {
        return "http://127.0.0.1:" + ports.brokerAdmin();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + ports.broker();
    }

    private List<String> service(String module, int port, String schema) {
        List<String> command = java(module, jar(module));
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--spring.datasource.url=" + mysql.schemaUrl(schema));
        command.add("--spring.kafka.bootstrap-servers=" + bootstrapServers());
        return command;
    }

    private Map<String, String> serviceEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("SECKILL_INTERNAL_SECRET", secrets.internalSecret());
        env.put("SPRING_DATASOURCE_USERNAME", mysql.user());
        env.put("SPRING_DATASOURCE_PASSWORD", mysql.password());
        return env;
    }

    private List<String> redisArgs() {
        return List.of("--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port());
    }

    private HealthCheck actuator(int port) {
        return HealthCheck.http("http://127.0.0.1:" + port + "/actuator/health");
    }

    private List<String> java(String name, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(javaOpts);
        // Tomcat's and Netty's scratch files stay in the data directory; the marker lets `down` recognise the
        // process as this platform's (a pid alone may have been reused).
        command.add("-Djava.io.tmpdir=" + dataDir.resolve("tmp"));
        command.add("-Dseckill.launcher.component=" + name + "@" + dataDir);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** The JDK that runs the launcher runs every process. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** {@code <home>/<module>/target/<module>.jar}, else Spring Boot's {@code <module>-<version>.jar}. */
    Path jar(String module) {
        Path target = home.resolve(module).resolve("target");
        Path exact = target.resolve(module + ".jar");
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            List<Path> versioned = files.filter(path -> {
                String file = path.getFileName().toString();
                return file.startsWith(module + "-") && file.endsWith(".jar") && !file.endsWith("-sources.jar")
                        && !file.endsWith("-tests.jar") && !file.endsWith("-javadoc.jar");
            }).toList();
            if (versioned.size() == 1) {
                return versioned.getFirst();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target, e);
        }
        throw new IllegalStateException(module + " is not built (no jar in " + target + "): run ./seckill up, which"
                + " builds what is missing, or ./mvnw -pl " + module + " -am -DskipTests package");
    }

    /** Every jar the platform needs, so that a missing one fails before anything starts. */
    void requireJars() {
        for (String module : List.of("mq-broker", "inventory-service", "order-service", "payment-service", "gateway")) {
            jar(module);
        }
    }
}
