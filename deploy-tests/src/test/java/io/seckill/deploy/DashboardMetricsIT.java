package io.seckill.deploy;

import io.seckill.common.messaging.Topics;
import io.seckill.mq.broker.MqBroker;
import io.seckill.mq.broker.config.BrokerConfig;
import io.seckill.testsupport.EmbeddedMariaDb;
import io.seckill.testsupport.EmbeddedRedis;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's queries name only metrics the platform exports, checked against the names scraped from running
 * processes: inventory-service and the gateway from their executable jars (on embedded MariaDB and Redis) and
 * mq-broker in process, after a seckill has gone through the gateway (so request, limiter, breaker, half-message
 * and listener meters exist). order-service and payment-service are not started: their names come from the meters
 * their code registers, with the conversion this test verifies against inventory-service's and the gateway's scrapes.
 */
class DashboardMetricsIT {

    private static final String INTERNAL_SECRET = "deploy-tests-internal-secret";
    private static final String ADMIN_KEY = "deploy-tests-admin-key";
    private static final String HISTOGRAMS = "management.metrics.distribution.percentiles-histogram.http.server.requests=true";

    private static MqBroker broker;
    private static ServiceProcess inventory;
    private static ServiceProcess gateway;
    private static Map<String, String> scrapes;

    @BeforeAll
    static void startPlatformAndSellOneUnit() throws Exception {
        broker = MqBroker.start(BrokerConfig.defaults().withEndpoints(0, 0, Files.createTempDirectory("deploy-tests-broker")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.port()))) {
            admin.createTopics(Topics.ALL.stream().map(topic -> new NewTopic(topic, 3, (short) 1)).toList()).all().get();
        }
        int redisPort = EmbeddedRedis.shared().port();
        inventory = ServiceProcess.start("inventory-service", freePort(), List.of(
                "spring.datasource.url=" + EmbeddedMariaDb.shared().newSchemaUrl("inventory"),
                "spring.data.redis.port=" + redisPort,
                "spring.kafka.bootstrap-servers=127.0.0.1:" + broker.port(),
                "seckill.internal.secret=" + INTERNAL_SECRET, HISTOGRAMS));
        gateway = ServiceProcess.start("gateway", freePort(), List.of(
                "spring.data.redis.port=" + redisPort,
                "seckill.gateway.services.inventory=" + inventory.baseUrl(),
                // Nobody listens there: the order route's breaker records failures and answers 503.
                "seckill.gateway.services.order=http://127.0.0.1:" + freePort(),
                "seckill.gateway.services.payment=http://127.0.0.1:" + freePort(),
                "seckill.auth.jwt-secret=deploy-tests-jwt-secret-of-at-least-32-bytes",
                "seckill.auth.admin-key=" + ADMIN_KEY,
                "seckill.internal.secret=" + INTERNAL_SECRET, HISTOGRAMS));
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> awaitReady(inventory)),
                CompletableFuture.runAsync(() -> awaitReady(gateway))).join();

        sellOneUnitThroughTheGateway();
        scrapes = Map.of(
                "inventory-service", SeckillClient.get(inventory.baseUrl() + "/actuator/prometheus"),
                "gateway", SeckillClient.get(gateway.baseUrl() + "/actuator/prometheus"),
                "mq-broker", SeckillClient.get("http://127.0.0.1:" + broker.adminPort() + "/metrics"));
        Path logDir = Path.of(System.getProperty("seckill.deploy.log-dir", "target/scrape-logs"));
        for (Map.Entry<String, String> scrape : scrapes.entrySet()) {
            Files.writeString(logDir.resolve(scrape.getKey() + ".prom"), scrape.getValue());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess process : new ServiceProcess[] {gateway, inventory}) {
            if (process != null) {
                process.close();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyDashboardQueryNamesAnExportedMetric() {
        Set<String> exported = exportedNames();

        assertThat(Dashboard.load().unknownMetrics(exported))
                .as("metrics the dashboard queries but no scrape (inventory-service, gateway, mq-broker) or "
                        + "order/payment-service code exports; scrapes in target/scrape-logs").isEmpty();
    }

    @Test
    void aQueryOfAMetricNobodyExportsIsReported() {
        String renamed = Repo.read(Dashboard.FILE).replaceFirst("seckill_gateway_ratelimit_decisions_total",
                "seckill_gateway_ratelimit_verdicts_total");

        assertThat(Dashboard.parse(renamed).unknownMetrics(exportedNames()).values())
                .containsExactly(Set.of("seckill_gateway_ratelimit_verdicts_total"));
    }

    @Test
    void namesDerivedFromCodeAreTheNamesTheRunningServicesExport() {
        // The conversion used for order-service and payment-service, checked where a scrape can confirm it. Some
        // meters register only when first used (a listener's first record), so only those the scrape shows are
        // compared; there must be enough of them for the comparison to mean something.
        int compared = 0;
        for (String module : List.of("inventory-service", "gateway", "mq-broker")) {
            Set<String> scraped = MeterNames.ofScrape(scrapes.get(module));
            for (MeterNames.Meter meter : MeterNames.meters(module)) {
                String base = meter.prometheusBase();
                if (scraped.stream().anyMatch(name -> name.equals(base) || name.startsWith(base + "_"))) {
                    assertThat(scraped).as("%s's meter %s", module, meter).containsAll(meter.sampleNames());
                    compared++;
                }
            }
        }
        assertThat(compared).as("meters found both in code and in a scrape").isGreaterThanOrEqualTo(15);
    }

    private static Set<String> exportedNames() {
        Set<String> names = new TreeSet<>();
        scrapes.values().forEach(text -> names.addAll(MeterNames.ofScrape(text)));
        names.addAll(MeterNames.registeredBy("order-service"));
        names.addAll(MeterNames.registeredBy("payment-service"));
        return names;
    }

    private static void sellOneUnitThroughTheGateway() {
        SeckillClient client = new SeckillClient(gateway.baseUrl());
        String admin = client.token("ops", ADMIN_KEY);
        Instant now = Instant.now();
        String activityId = client.createActivity(admin, now.minusSeconds(60), now.plus(Duration.ofHours(1)), 10);
        client.expect(204, "POST", "/api/admin/activities/" + activityId + "/warmup", admin, null);

        String user = client.token("deploy-tests-user", null);
        client.expect(202, "POST", "/api/seckill/" + activityId, user, null);
        client.expect(409, "POST", "/api/seckill/" + activityId, user, null);
        client.expect(503, "GET", "/api/orders", user, null);

        // The ledger consumer recorded the unit: its listener and MySQL meters exist too.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                client.json(client.expect(200, "GET", "/api/admin/activities/" + activityId + "/stock", admin, null))
                        .path("mysqlRemaining").asLong()).isEqualTo(9));
    }

    private static void awaitReady(ServiceProcess process) {
        try {
            process.awaitReady(Duration.ofSeconds(240));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
