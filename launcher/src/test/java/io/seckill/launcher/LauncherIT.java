package io.seckill.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command end to end: the launcher brings the whole platform up from the packaged jars (as
 * {@code ./seckill up --detach} does), every process answers its health check, the printed curl lines buy a unit and
 * read its order as printed, {@code down} leaves no process behind, and a second {@code up} on the same data finds
 * the order again.
 */
class LauncherIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([0-9A-Z]+)\"");

    @Test
    void upStartsAHealthyPlatformWhosePrintedCurlLinesBuyAUnitAndDownStopsEveryProcess() throws Exception {
        Path dataDir = Files.createDirectories(Path.of(System.getProperty("seckill.launcher.test-dir", "target/launched")))
                .resolve("it-" + System.currentTimeMillis());
        String orderId;
        String adminKey;
        Map<String, Long> pids;
        try (LaunchedPlatform platform = LaunchedPlatform.start(dataDir, Map.of("SECKILL_ORDER_PAYMENT_TIMEOUT", "PT1H"))) {
            assertThat(platform.output()).contains("mariadb ✔  redis ✔  mq-broker ✔  inventory ✔  order ✔  payment ✔"
                    + "  gateway ✔", "The seckill platform is up", platform.adminKey(), platform.demoActivityId());
            assertEveryComponentIsHealthy(platform);
            awaitOpen(platform);

            CurlRun curl = runPrintedCurlLines(platform.output());
            assertThat(curl.exitCode()).as("curl lines:\n%s\nstdout:\n%s\nstderr:\n%s", curl.script(), curl.stdout(),
                    curl.stderr()).isZero();
            assertThat(curl.stderr()).as("the seckill's answer").contains("\"status\":\"RESERVED\"");
            assertThat(curl.stdout()).contains("\"status\":\"PENDING_PAYMENT\"", "\"userId\":\"alice\"",
                    "\"activityId\":\"" + platform.demoActivityId() + "\"");
            Matcher order = ORDER_ID.matcher(curl.stdout());
            assertThat(order.find()).isTrue();
            orderId = order.group(1);
            adminKey = platform.adminKey();
            pids = platform.pids();
        }
        pids.forEach((name, pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("%s after down", name).isEmpty());
        assertThat(dataDir.resolve("platform.json")).doesNotExist();

        try (LaunchedPlatform again = LaunchedPlatform.start(dataDir, Map.of())) {
            assertThat(again.adminKey()).as("secrets are kept per data directory").isEqualTo(adminKey);
            String token = token(again.gatewayUrl(), "alice");
            HttpResponse<String> previous = get(again.gatewayUrl() + "/api/orders/" + orderId, token);
            assertThat(previous.statusCode()).as(previous.body()).isEqualTo(200);
            assertThat(previous.body()).contains(orderId);
        }
        // Kept when the test fails, for its logs; a passing run frees the ~500 MB (MariaDB's binaries and files).
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void assertEveryComponentIsHealthy(LaunchedPlatform platform) {
        Map<String, Integer> ports = platform.ports();
        for (String service : List.of("gateway", "inventory", "order", "payment")) {
            assertThat(HealthCheck.http("http://127.0.0.1:" + ports.get(service) + "/actuator/health").healthy())
                    .as(service).isTrue();
        }
        assertThat(HealthCheck.http(platform.brokerAdminUrl() + "/health").healthy()).as("mq-broker").isTrue();
        assertThat(HealthCheck.jdbc(MysqlEndpoint.embedded(ports.get("mariadb"))).healthy()).as("mariadb").isTrue();
        assertThat(HealthCheck.redisPing("127.0.0.1", ports.get("redis")).healthy()).as("redis").isTrue();
    }

    /** The demo sale opens a few seconds after the start began; the curl lines are meant for an open sale. */
    private static void awaitOpen(LaunchedPlatform platform) throws Exception {
        String url = platform.gatewayUrl() + "/api/activities/" + platform.demoActivityId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!get(url, null).body().contains("\"status\":\"OPEN\"")) {
            assertThat(System.nanoTime() - deadline).as("the demo sale did not open").isNegative();
            Thread.sleep(500);
        }
    }

    /**
     * Runs the banner's three curl lines exactly as printed, in one bash; the last one (the order read) is retried
     * while the order is not created yet, as the banner says it may be.
     */
    private static CurlRun runPrintedCurlLines(String output) throws IOException, InterruptedException {
        List<String> lines = output.lines().filter(line -> line.startsWith(Banner.CURL_INDENT + "TOKEN=")
                || line.startsWith(Banner.CURL_INDENT + "ORDER=") || line.startsWith(Banner.CURL_INDENT + "curl "))
                .map(String::strip).toList();
        assertThat(lines).hasSize(3);
        String script = String.join("\n", lines.get(0), lines.get(1),
                "for attempt in $(seq 1 60); do",
                "  out=$(" + lines.get(2) + ")",
                "  case \"$out\" in *'\"orderId\"'*) echo \"$out\"; exit 0;; esac",
                "  sleep 1",
                "done",
                "echo \"last answer: $out\"; exit 1");
        Process bash = new ProcessBuilder("bash", "-c", script).start();
        bash.getOutputStream().close();
        byte[] stdout = bash.getInputStream().readAllBytes();
        byte[] stderr = bash.getErrorStream().readAllBytes();
        bash.waitFor(2, TimeUnit.MINUTES);
        return new CurlRun(script, bash.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }

    private record CurlRun(String script, int exitCode, String stdout, String stderr) {
    }

    private static String token(String gateway, String userId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
        assertThat(token.find()).as(response.body()).isTrue();
        return token.group(1);
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
