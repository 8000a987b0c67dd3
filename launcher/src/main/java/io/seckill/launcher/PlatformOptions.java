package io.seckill.launcher;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The options of {@code up} (and, for the data directory, of {@code down} and {@code status}). A port comes from its
 * flag, else its environment variable ({@code SECKILL_GATEWAY_PORT} …), else {@code --ports-base}, else API.md's
 * default.
 */
public final class PlatformOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SECKILL_DATA_DIR:-data}",
            description = "Where the databases, the broker's log, the secrets and the logs live"
                    + " (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "${env:SECKILL_HOME}",
            description = "The project's root, with the modules' target/*.jar (default: two levels above launcher.jar).")
    Path home;

    @Option(names = "--ports-base", paramLabel = "PORT", defaultValue = "${env:SECKILL_PORTS_BASE}",
            description = "Eight consecutive ports from PORT: gateway, inventory, order, payment, broker, broker admin,"
                    + " MariaDB, Redis.")
    Integer portsBase;

    @Option(names = "--gateway-port", defaultValue = "${env:SECKILL_GATEWAY_PORT}", description = "Default 8080.")
    Integer gatewayPort;
    @Option(names = "--inventory-port", defaultValue = "${env:SECKILL_INVENTORY_PORT}", description = "Default 8081.")
    Integer inventoryPort;
    @Option(names = "--order-port", defaultValue = "${env:SECKILL_ORDER_PORT}", description = "Default 8082.")
    Integer orderPort;
    @Option(names = "--payment-port", defaultValue = "${env:SECKILL_PAYMENT_PORT}", description = "Default 8083.")
    Integer paymentPort;
    @Option(names = "--broker-port", defaultValue = "${env:SECKILL_BROKER_PORT}", description = "Default 9092.")
    Integer brokerPort;
    @Option(names = "--broker-admin-port", defaultValue = "${env:SECKILL_BROKER_ADMIN_PORT}",
            description = "Default 9644.")
    Integer brokerAdminPort;
    @Option(names = "--mysql-port", defaultValue = "${env:SECKILL_MYSQL_PORT}",
            description = "The embedded MariaDB's; default 3306.")
    Integer mysqlPort;
    @Option(names = "--redis-port", defaultValue = "${env:SECKILL_REDIS_PORT}",
            description = "The embedded Redis's; default 6379.")
    Integer redisPort;

    @Option(names = "--external-mysql", paramLabel = "URL", defaultValue = "${env:SECKILL_EXTERNAL_MYSQL}",
            description = "Use this MySQL instead of an embedded MariaDB: host:port or jdbc:mysql://host:port[?params].")
    String externalMysql;

    @Option(names = "--mysql-user", defaultValue = "${env:SECKILL_MYSQL_USER:-root}",
            description = "User of the external MySQL (default: ${DEFAULT-VALUE}).")
    String mysqlUser;

    @Option(names = "--mysql-password", defaultValue = "${env:SECKILL_MYSQL_PASSWORD:-}",
            description = "Password of the external MySQL (better: SECKILL_MYSQL_PASSWORD, kept out of `ps`).")
    String mysqlPassword;

    @Option(names = "--external-redis", paramLabel = "HOST:PORT", defaultValue = "${env:SECKILL_EXTERNAL_REDIS}",
            description = "Use this Redis instead of an embedded one.")
    String externalRedis;

    @Option(names = "--health-timeout", defaultValue = "PT5M", converter = DurationConverter.class,
            description = "How long each process may take to become healthy (default: ${DEFAULT-VALUE}).")
    Duration healthTimeout;

    @Option(names = "--demo-starts-in", defaultValue = "PT1M", converter = DurationConverter.class,
            description = "The demo sale opens this long after `up` began (default: ${DEFAULT-VALUE}).")
    Duration demoStartsIn;

    @Option(names = "--demo-stock", defaultValue = "100",
            description = "Units of the demo sale (default: ${DEFAULT-VALUE}).")
    long demoStock;

    /** The resolved ports. */
    Ports ports() {
        Ports fallback = portsBase == null ? Ports.DEFAULTS : Ports.fromBase(portsBase);
        return new Ports(or(gatewayPort, fallback.gateway()), or(inventoryPort, fallback.inventory()),
                or(orderPort, fallback.order()), or(paymentPort, fallback.payment()),
                or(brokerPort, fallback.broker()), or(brokerAdminPort, fallback.brokerAdmin()),
                or(mysqlPort, fallback.mysql()), or(redisPort, fallback.redis()));
    }

    /** The data directory, absolute. */
    Path dataDirectory() {
        return dataDir.toAbsolutePath().normalize();
    }

    /** The project's root: {@code --home}, else the directory two levels above the launcher's jar. */
    Path homeDirectory() {
        if (home != null) {
            return home.toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(LauncherMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // launcher/target/launcher.jar (or launcher/target/classes in a test) → the project's root.
            return jar.toAbsolutePath().getParent().getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the launcher's jar; pass --home", e);
        }
    }

    /** How to reach MySQL and whether the launcher runs it. */
    MysqlEndpoint mysql() {
        return externalMysql == null || externalMysql.isBlank()
                ? MysqlEndpoint.embedded(ports().mysql())
                : MysqlEndpoint.external(externalMysql, mysqlUser, mysqlPassword);
    }

    /** {@code host:port} of Redis and whether the launcher runs it. */
    RedisEndpoint redis() {
        if (externalRedis == null || externalRedis.isBlank()) {
            return new RedisEndpoint("127.0.0.1", ports().redis(), true);
        }
        int colon = externalRedis.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--external-redis must be host:port, not " + externalRedis);
        }
        return new RedisEndpoint(externalRedis.substring(0, colon),
                Integer.parseInt(externalRedis.substring(colon + 1)), false);
    }

    /** Redis as the services reach it; {@code embedded}: the launcher runs it. */
    record RedisEndpoint(String host, int port, boolean embedded) {
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** ISO-8601 durations ({@code PT30S}) or plain seconds ({@code 30s}, {@code 30}). */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        private static final Map<String, Function<Long, Duration>> UNITS =
                Map.of("ms", Duration::ofMillis, "s", Duration::ofSeconds, "m", Duration::ofMinutes);

        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase();
            if (text.startsWith("pt") || text.startsWith("p")) {
                return Duration.parse(text.toUpperCase());
            }
            for (String unit : new String[]{"ms", "s", "m"}) {
                if (text.endsWith(unit)) {
                    return UNITS.get(unit).apply(Long.parseLong(text.substring(0, text.length() - unit.length())));
                }
            }
            return Duration.ofSeconds(Long.parseLong(text));
        }
    }
}
