package io.seckill.launcher;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What {@code up} prints once the platform is ready: the URLs, the admin key, the demo sale and three curl lines
 * that buy a unit and read the order. The curl lines need only curl and sed, and are printed exactly as a user
 * would paste them; the launcher's integration test runs them as printed.
 */
final class Banner {

    /** Every curl line starts with this, so that tests can find them in the output. */
    static final String CURL_INDENT = "  ";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Banner() {
    }

    static String render(PlatformProcesses processes, PlatformOptions options, Secrets secrets, DemoSale sale,
                         Duration took, boolean detached) {
        Ports ports = options.ports();
        MysqlEndpoint mysql = options.mysql();
        PlatformOptions.RedisEndpoint redis = options.redis();
        String gateway = processes.gatewayUrl();
        long opensIn = Math.max(0, Duration.between(Instant.now(), sale.startsAt()).toSeconds());
        StringBuilder text = new StringBuilder();
        text.append("\nThe seckill platform is up (").append(took.toSeconds()).append(" s). Data in ")
                .append(options.dataDirectory()).append(", logs in ").append(options.dataDirectory().resolve("logs"))
                .append('\n');
        line(text, "gateway", gateway + "   the only public entry (API.md)");
        line(text, "services", "inventory http://127.0.0.1:" + ports.inventory() + ", order http://127.0.0.1:"
                + ports.order() + ", payment http://127.0.0.1:" + ports.payment() + " (/actuator/health, /v3/api-docs)");
        line(text, "mq-broker", processes.bootstrapServers() + " (Kafka protocol), " + processes.brokerAdminUrl()
                + "/health, " + processes.brokerAdminUrl() + "/metrics");
        line(text, "MySQL", mysql.serverUrl() + (mysql.embedded() ? " (embedded MariaDB, user root, no password)"
                : " (external)") + ", schemas " + String.join(", ", MysqlEndpoint.SCHEMAS));
        line(text, "Redis", redis.host() + ":" + redis.port() + (redis.embedded() ? " (embedded)" : " (external)"));
        line(text, "admin key", secrets.adminKey() + "   (POST /api/auth/token {\"userId\":\"ops\",\"adminKey\":…})");
        line(text, "demo sale", sale.activityId() + ": " + sale.stock() + " units at "
                + String.format("%d.%02d", DemoSale.PRICE_CENTS / 100, DemoSale.PRICE_CENTS % 100)
                + ", one per user, opens " + TIME.format(sale.startsAt())
                + (opensIn > 0 ? " (in " + opensIn + " s; 409 NOT_STARTED until then)" : " (open now)"));
        text.append("\nBuy one as alice: a token, a seckill (202 with the order id), the order (404 for a moment until"
                + " it is created):\n");
        curlLines(gateway, sale.activityId()).forEach(curl -> text.append(CURL_INDENT).append(curl).append('\n'));
        text.append('\n').append(detached
                ? "Running in the background: ./seckill down stops it, ./seckill status shows it."
                : "Ctrl-C stops everything (./seckill down from another terminal too).").append('\n');
        return text.toString();
    }

    /** The three copy-paste lines: a user token, the seckill, the order. */
    static List<String> curlLines(String gateway, String activityId) {
        return List.of(
                "TOKEN=$(curl -s -X POST " + gateway + "/api/auth/token -H 'Content-Type: application/json'"
                        + " -d '{\"userId\":\"alice\"}' | sed -E 's/.*\"token\":\"([^\"]+)\".*/\\1/')",
                "ORDER=$(curl -s -X POST " + gateway + "/api/seckill/" + activityId
                        + " -H \"Authorization: Bearer $TOKEN\" | tee /dev/stderr"
                        + " | sed -E 's/.*\"orderId\":\"([^\"]+)\".*/\\1/')",
                "curl -s " + gateway + "/api/orders/$ORDER -H \"Authorization: Bearer $TOKEN\"; echo");
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("  %-10s %s%n", label, value));
    }
}
