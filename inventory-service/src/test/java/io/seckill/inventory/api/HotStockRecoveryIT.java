package io.seckill.inventory.api;

import io.seckill.inventory.domain.StockReconciliation;
import io.seckill.inventory.domain.StockReconciliation.Drift;
import io.seckill.inventory.infra.redis.RedisKeys;
import io.seckill.inventory.testing.HotStockProbe;
import io.seckill.testsupport.ServiceClient;
import io.seckill.testsupport.EmbeddedRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis losing the hot state of a running sale: the rebuild from the ledger, the reconciliation's repair of lost
 * reservations, and 503 BUSY while Redis is down. Restarts the shared Redis, so it must not overlap other tests
 * (JUnit runs the classes one at a time here).
 */
class HotStockRecoveryIT extends InventoryServiceSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    StockReconciliation reconciliation;

    @Test
    @Timeout(120)
    void afterRedisLostARunningSaleItIsRebuiltFromTheLedgerWithItsBuyers() {
        String id = openActivity(10);
        List<String> buyers = buy(id, "rebuild-buyer-", 4);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ledgerRows(id)).isEqualTo(4));

        EmbeddedRedis redis = EmbeddedRedis.shared();
        redis.stop();
        redis.start();

        // The first attempt that reaches Redis again finds the activity cold and rebuilds it on the spot (the ledger
        // has caught up); until Redisson has reconnected, attempts answer 503 BUSY.
        HttpResponse<String> again = await().atMost(WAIT).until(
                () -> user(buyers.get(0)).post("/api/seckill/" + id), response -> response.statusCode() != 503);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(ServiceClient.json(again).get("code").asString()).isEqualTo("ALREADY_PURCHASED");
        assertStock(id, 6, 6, 4);
        assertThat(new HotStockProbe(redis.client()).reservationsPerUser(id))
                .containsOnlyKeys(buyers).allSatisfy((user, units) -> assertThat(units).isEqualTo(1L));

        assertThat(user("rebuild-newcomer").post("/api/seckill/" + id).statusCode()).isEqualTo(202);
    }

    @Test
    @Timeout(120)
    void reconciliationPutsBackAReservationRedisLostAndItsBuyerCannotBuyTwice() {
        String id = openActivity(10);
        List<String> buyers = buy(id, "reconcile-buyer-", 3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ledgerRows(id)).isEqualTo(3));
        String lostOrder = new HotStockProbe(EmbeddedRedis.shared().client()).reservations(id).keySet().iterator().next();
        String lostBuyer = forgetReservation(id, lostOrder);
        assertStock(id, 7, 8, 2);

        List<Drift> drifts = reconciliation.reconcileRunningActivities();

        assertThat(drifts).filteredOn(d -> d.activityId().equals(id)).singleElement().satisfies(drift -> {
            assertThat(drift.restored()).isEqualTo(1);
            assertThat(drift.redisOnly()).isZero();
            assertThat(drift.noStockOrderIds()).isEmpty();
        });
        assertStock(id, 7, 7, 3);
        assertThat(buyers).contains(lostBuyer);
        HttpResponse<String> twice = user(lostBuyer).post("/api/seckill/" + id);
        assertThat(ServiceClient.json(twice).get("code").asString()).isEqualTo("ALREADY_PURCHASED");
        assertThat(reconciliation.reconcileRunningActivities()).filteredOn(d -> d.activityId().equals(id))
                .singleElement().satisfies(drift -> assertThat(drift.any()).isFalse());
    }

    @Test
    @Timeout(120)
    void whileRedisIsDownTheSeckillAndTheStockReportAnswerBusy() {
        String id = openActivity(5);
        EmbeddedRedis redis = EmbeddedRedis.shared();
        redis.stop();
        try {
            HttpResponse<String> seckill = user("busy-buyer").post("/api/seckill/" + id);
            assertThat(seckill.statusCode()).as(seckill.body()).isEqualTo(503);
            assertThat(ServiceClient.json(seckill).get("code").asString()).isEqualTo("BUSY");
            HttpResponse<String> report = admin().get("/api/admin/activities/" + id + "/stock");
            assertThat(report.statusCode()).as(report.body()).isEqualTo(503);
            assertThat(ServiceClient.json(report).get("code").asString()).isEqualTo("BUSY");
        } finally {
            redis.start();
        }
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> retry = user("busy-buyer").post("/api/seckill/" + id);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(ledgerRows(id)).isEqualTo(1));
    }

    private List<String> buy(String activityId, String userPrefix, int count) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String userId = userPrefix + i;
            HttpResponse<String> response = user(userId).post("/api/seckill/" + activityId);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            users.add(userId);
        }
        return users;
    }

    /**
     * Undoes one reservation in Redis behind the service's back, as a restart that lost the last writes would:
     * record, buyer's unit and stock move back together. Returns the buyer.
     */
    private static String forgetReservation(String activityId, String orderId) {
        RedisKeys keys = RedisKeys.forActivity(activityId);
        return EmbeddedRedis.shared().client().getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, """
                        local owner = redis.call('HGET', KEYS[3], ARGV[1])
                        redis.call('HDEL', KEYS[3], ARGV[1])
                        if redis.call('HINCRBY', KEYS[2], owner, -1) <= 0 then redis.call('HDEL', KEYS[2], owner) end
                        redis.call('INCR', KEYS[1])
                        return owner""", RScript.ReturnType.VALUE,
                List.of(keys.stock(), keys.buyers(), keys.reservations()), orderId);
    }

    private void assertStock(String id, long mysqlRemaining, long redisRemaining, long liveReservations) {
        JsonNode stock = stock(id);
        assertThat(stock.get("mysqlRemaining").asLong()).as("mysqlRemaining").isEqualTo(mysqlRemaining);
        assertThat(stock.get("redisRemaining").asLong()).as("redisRemaining").isEqualTo(redisRemaining);
        assertThat(stock.get("liveReservations").asLong()).as("liveReservations").isEqualTo(liveReservations);
    }
}
