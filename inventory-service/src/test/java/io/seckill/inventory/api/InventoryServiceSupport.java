package io.seckill.inventory.api;

import io.seckill.testsupport.EmbeddedMariaDb;
import io.seckill.testsupport.EmbeddedMqBroker;
import io.seckill.testsupport.EmbeddedRedis;
import io.seckill.testsupport.ServiceClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a random port against the JVM's embedded MariaDB, Redis and mq-broker; every IT class
 * extends this, so they share one application context (and one schema). Tests
 * isolate by the fresh ids of what they create.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class InventoryServiceSupport {

    static final String SECRET = "it-internal-secret";
    /** The automatic warm-up's look-ahead in these tests. */
    static final Duration LEAD_TIME = Duration.ofMinutes(1);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void embeddedServers(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> EmbeddedMariaDb.shared().newSchemaUrl("inventory"));
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> EmbeddedRedis.shared().port());
        registry.add("spring.kafka.bootstrap-servers", () -> EmbeddedMqBroker.shared().bootstrapServers());
        registry.add("seckill.internal.secret", () -> SECRET);
        registry.add("seckill.warm-up.interval", () -> "PT0.2S");
        registry.add("seckill.warm-up.lead-time", () -> LEAD_TIME.toString());
        // Tests run the reconciliation themselves: a scheduled round holding an activity's lock would make them skip it.
        registry.add("seckill.reconciliation.interval", () -> "PT1H");
    }

    /** An anonymous caller coming through the gateway. */
    ServiceClient anonymous() {
        return ServiceClient.anonymous(port, SECRET);
    }

    /** An admin coming through the gateway. */
    ServiceClient admin() {
        return anonymous().as("ops", "USER,ADMIN");
    }

    /** A valid creation request for a sale in the given window; tests change single members. */
    static Map<String, Object> activityRequest(Instant startsAt, Instant endsAt, long stock) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Phone flash sale");
        body.put("skuId", "sku-phone-1");
        body.put("priceCents", 49_900);
        body.put("stock", stock);
        body.put("startsAt", startsAt.truncatedTo(ChronoUnit.MILLIS).toString());
        body.put("endsAt", endsAt.truncatedTo(ChronoUnit.MILLIS).toString());
        body.put("perUserLimit", 1);
        return body;
    }

    /** Creates an activity as admin and returns its id. */
    String createActivity(Map<String, Object> body) {
        HttpResponse<String> created = admin().post("/api/admin/activities", ServiceClient.toJson(body));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return ServiceClient.json(created).get("activityId").asString();
    }

    /**
     * A created activity whose sale is open, with its stock already in Redis. It is in MySQL too: the ledger
     * consumer refuses (and retries forever) a reservation of an activity MySQL does not know.
     */
    String openActivity(long stock) {
        String id = createActivity(activityRequest(Instant.now().minusSeconds(1), Instant.now().plusSeconds(3600),
                stock));
        HttpResponse<String> warmUp = admin().post("/api/admin/activities/" + id + "/warmup");
        assertThat(warmUp.statusCode()).as(warmUp.body()).isEqualTo(204);
        return id;
    }

    /** A client acting as {@code userId} with the USER role, as the gateway forwards it. */
    ServiceClient user(String userId) {
        return anonymous().as(userId, "USER");
    }

    /** The admin stock report of the activity (API.md), which must answer 200. */
    JsonNode stock(String id) {
        HttpResponse<String> response = admin().get("/api/admin/activities/" + id + "/stock");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ServiceClient.json(response);
    }

    /** Ledger rows of the activity, released or not. */
    long ledgerRows(String activityId) {
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM stock_ledger WHERE activity_id = ?", Long.class,
                activityId);
        return rows == null ? 0 : rows;
    }
}
