package io.seckill.inventory.api;

import io.seckill.inventory.domain.HotStock;
import io.seckill.inventory.domain.ReservationOutcome;
import io.seckill.inventory.domain.StockReservation;
import io.seckill.testsupport.ServiceClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WarmUpIT extends InventoryServiceSupport {

    @Autowired
    HotStock hotStock;

    @Test
    void stockIsColdUntilWarmedUpAndThenRedisHoldsAllOfIt() {
        String id = createActivity(activityRequest(Instant.now().plus(Duration.ofHours(2)),
                Instant.now().plus(Duration.ofHours(3)), 25));
        assertThat(stock(id).get("redisRemaining").isNull()).isTrue();

        HttpResponse<String> warmUp = admin().post("/api/admin/activities/" + id + "/warmup");

        assertThat(warmUp.statusCode()).as(warmUp.body()).isEqualTo(204);
        JsonNode stock = stock(id);
        assertThat(stock.get("initialStock").asLong()).isEqualTo(25);
        assertThat(stock.get("mysqlRemaining").asLong()).isEqualTo(25);
        assertThat(stock.get("redisRemaining").asLong()).isEqualTo(25);
        assertThat(stock.get("liveReservations").asLong()).isZero();
    }

    @Test
    void repeatedWarmUpKeepsLiveReservations() {
        String id = createActivity(activityRequest(Instant.now().minusSeconds(1), Instant.now().plusSeconds(3600), 5));
        admin().post("/api/admin/activities/" + id + "/warmup");
        assertThat(hotStock.reserve(new StockReservation(id, "u1", "o-" + id))).isEqualTo(ReservationOutcome.RESERVED);

        assertThat(admin().post("/api/admin/activities/" + id + "/warmup").statusCode()).isEqualTo(204);

        JsonNode stock = stock(id);
        assertThat(stock.get("redisRemaining").asLong()).isEqualTo(4);
        assertThat(stock.get("liveReservations").asLong()).isEqualTo(1);
    }

    @Test
    void activityStartingWithinTheLeadTimeIsWarmedAutomaticallyAndALaterOneIsNot() {
        String soon = createActivity(activityRequest(Instant.now().plus(LEAD_TIME.dividedBy(2)),
                Instant.now().plus(Duration.ofHours(1)), 7));
        String later = createActivity(activityRequest(Instant.now().plus(LEAD_TIME.multipliedBy(10)),
                Instant.now().plus(Duration.ofHours(1)), 7));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(stock(soon).get("redisRemaining").isNull()).isFalse());

        assertThat(stock(soon).get("redisRemaining").asLong()).isEqualTo(7);
        assertThat(stock(later).get("redisRemaining").isNull()).isTrue();
    }

    @Test
    void openActivityIsSoldOutOnceRedisHasNoStockLeft() {
        String id = createActivity(activityRequest(Instant.now().minusSeconds(1), Instant.now().plusSeconds(3600), 2));
        admin().post("/api/admin/activities/" + id + "/warmup");
        assertThat(status(id)).isEqualTo("OPEN");

        hotStock.reserve(new StockReservation(id, "u1", "o1-" + id));
        hotStock.reserve(new StockReservation(id, "u2", "o2-" + id));

        assertThat(status(id)).isEqualTo("SOLD_OUT");
        JsonNode stock = stock(id);
        assertThat(stock.get("redisRemaining").asLong()).isZero();
        assertThat(stock.get("mysqlRemaining").asLong()).isEqualTo(2);
        assertThat(stock.get("liveReservations").asLong()).isEqualTo(2);
    }

    private String status(String id) {
        return ServiceClient.json(anonymous().get("/api/activities/" + id)).get("status").asString();
    }
}
