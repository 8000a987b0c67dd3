package io.seckill.inventory.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.id.Ids;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.testing.EventProducer;
import io.seckill.testsupport.ServiceClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumer of {@code order.cancelled}: a cancelled order's unit comes back to both stores, exactly once. */
class OrderReleaseIT extends InventoryServiceSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    MeterRegistry meters;

    @Test
    @Timeout(120)
    void cancelledOrderGivesItsUnitBackOnceAndFreesItsBuyer() {
        String id = openActivity(3);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            orders.add(seckill(id, "release-buyer-" + i));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(stock(id).get("mysqlRemaining").asLong()).isZero());
        assertThat(user("release-late").post("/api/seckill/" + id).statusCode()).isEqualTo(409);

        OrderCancelled cancellation = new OrderCancelled(orders.get(0), id, "release-buyer-0",
                OrderCancelled.PAYMENT_TIMEOUT, Instant.now());
        EventProducer.send(Topics.ORDER_CANCELLED, cancellation.orderId(), cancellation);
        EventProducer.send(Topics.ORDER_CANCELLED, cancellation.orderId(), cancellation);

        await().atMost(WAIT).untilAsserted(() -> assertStock(id, 1, 1, 2));
        // A cancellation of another order sent with the same key lands in the same partition, after both deliveries:
        // once it is applied, the duplicate has been consumed too.
        awaitReleased(id, orders.get(1), "release-buyer-1", cancellation.orderId());
        assertStock(id, 2, 2, 1);
        assertThat(released(orders.get(0))).isTrue();

        assertThat(user("release-buyer-0").post("/api/seckill/" + id).statusCode()).isEqualTo(202);
        assertThat(user("release-buyer-2").post("/api/seckill/" + id).statusCode()).isEqualTo(409);
    }

    @Test
    @Timeout(120)
    void cancellationThatOvertakesItsReservationDeductsNothing() {
        String id = openActivity(5);
        String orderId = Ids.next();
        EventProducer.send(Topics.ORDER_CANCELLED, orderId,
                new OrderCancelled(orderId, id, "overtaken", OrderCancelled.PAYMENT_TIMEOUT, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(released(orderId)).isTrue());

        EventProducer.send(Topics.SECKILL_RESERVED, orderId,
                new SeckillReserved(orderId, id, "overtaken", 49_900, Instant.now()));
        // A reservation of another order with the same key follows the late one in its partition: once it is in the
        // ledger, the late one has been consumed too.
        String follower = Ids.next();
        EventProducer.send(Topics.SECKILL_RESERVED, orderId,
                new SeckillReserved(follower, id, "overtaken-follower", 49_900, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ledgerRows(id)).isEqualTo(2));

        assertThat(stock(id).get("mysqlRemaining").asLong()).isEqualTo(4);
        assertThat(released(orderId)).isTrue();
        assertThat(released(follower)).isFalse();
    }

    @Test
    @Timeout(120)
    void malformedCancellationsAreSkippedAndCountedWithoutBlockingTheNextOnes() {
        String id = openActivity(2);
        String orderId = seckill(id, "malformed-buyer");
        double before = malformedCount();

        EventProducer.sendRaw(Topics.ORDER_CANCELLED, orderId, "{not json".getBytes(StandardCharsets.UTF_8));
        EventProducer.sendRaw(Topics.ORDER_CANCELLED, orderId,
                "{\"orderId\":\"x\",\"activityId\":\"y\"}".getBytes(StandardCharsets.UTF_8));
        EventProducer.send(Topics.ORDER_CANCELLED, orderId,
                new OrderCancelled(orderId, id, "malformed-buyer", OrderCancelled.PAYMENT_TIMEOUT, Instant.now()));

        await().atMost(WAIT).untilAsserted(() -> assertStock(id, 2, 2, 0));
        assertThat(malformedCount() - before).isEqualTo(2.0);
    }

    private String seckill(String activityId, String userId) {
        HttpResponse<String> response = user(userId).post("/api/seckill/" + activityId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return ServiceClient.json(response).get("orderId").asString();
    }

    private void awaitReleased(String activityId, String orderId, String userId, String key) {
        EventProducer.send(Topics.ORDER_CANCELLED, key,
                new OrderCancelled(orderId, activityId, userId, OrderCancelled.PAYMENT_TIMEOUT, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(released(orderId)).isTrue());
    }

    private void assertStock(String id, long mysqlRemaining, long redisRemaining, long liveReservations) {
        JsonNode stock = stock(id);
        assertThat(stock.get("mysqlRemaining").asLong()).as("mysqlRemaining").isEqualTo(mysqlRemaining);
        assertThat(stock.get("redisRemaining").asLong()).as("redisRemaining").isEqualTo(redisRemaining);
        assertThat(stock.get("liveReservations").asLong()).as("liveReservations").isEqualTo(liveReservations);
    }

    private boolean released(String orderId) {
        Integer rows = jdbc.queryForObject(
                "SELECT COUNT(*) FROM stock_ledger WHERE order_id = ? AND released_at IS NOT NULL", Integer.class,
                orderId);
        return rows != null && rows == 1;
    }

    private double malformedCount() {
        return meters.counter("inventory.release.malformed.records").count();
    }
}
