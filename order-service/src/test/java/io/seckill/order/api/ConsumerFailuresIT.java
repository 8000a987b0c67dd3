package io.seckill.order.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.OrderPaymentTimeout;
import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.id.Ids;
import io.seckill.common.messaging.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the consumers do with records they cannot apply: skip the malformed, retry the rest, lose nothing. */
class ConsumerFailuresIT extends OrderServiceSupport {

    @Autowired
    MeterRegistry meters;

    @Test
    @Timeout(120)
    void malformedRecordsAreSkippedAndCountedAndLaterRecordsOfTheirPartitionsApplied() {
        String activityId = Ids.next();
        double reservedSkipped = malformed(Topics.SECKILL_RESERVED);
        double paymentsSkipped = malformed(Topics.PAYMENT_SUCCEEDED);
        double deadlinesSkipped = malformed(Topics.ORDER_PAYMENT_TIMEOUT);

        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (String topic : List.of(Topics.SECKILL_RESERVED, Topics.PAYMENT_SUCCEEDED,
                    Topics.ORDER_PAYMENT_TIMEOUT)) {
                events.sendRaw(topic, partition, Ids.next(), "{not json".getBytes(StandardCharsets.UTF_8));
                events.sendRaw(topic, partition, Ids.next(), "{\"orderId\":null}".getBytes(StandardCharsets.UTF_8));
            }
            SeckillReserved tooLong = new SeckillReserved("o".repeat(65), activityId, "u", 1, Instant.now());
            events.sendTo(Topics.SECKILL_RESERVED, partition, tooLong.orderId(), tooLong);
            SeckillReserved valid = new SeckillReserved(Ids.next(), activityId, "after-malformed-" + partition,
                    PRICE_CENTS, Instant.now());
            events.sendTo(Topics.SECKILL_RESERVED, partition, valid.orderId(), valid);
        }

        awaitOrders(activityId, PARTITIONS);
        List<String> created = List.copyOf(statuses(activityId).keySet());
        for (int partition = 0; partition < PARTITIONS; partition++) {
            PaymentSucceeded payment = new PaymentSucceeded(Ids.next(), created.get(partition), "payer", PRICE_CENTS,
                    Instant.now());
            events.sendTo(Topics.PAYMENT_SUCCEEDED, partition, payment.orderId(), payment);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(statuses(activityId).values())
                .containsOnly("PAID"));
        assertThat(malformed(Topics.SECKILL_RESERVED) - reservedSkipped).isGreaterThanOrEqualTo(3.0 * PARTITIONS);
        assertThat(malformed(Topics.PAYMENT_SUCCEEDED) - paymentsSkipped).isGreaterThanOrEqualTo(2.0 * PARTITIONS);
        assertThat(malformed(Topics.ORDER_PAYMENT_TIMEOUT) - deadlinesSkipped)
                .isGreaterThanOrEqualTo(2.0 * PARTITIONS);
    }

    @Test
    @Timeout(120)
    void paymentOfAnUnknownOrderIsRetriedForItsPatienceThenSkippedAndLaterPaymentsApplied() {
        String activityId = Ids.next();
        SeckillReserved order = reserve(activityId, "patient");
        awaitOrders(activityId, 1);
        double skippedBefore = skippedUnknown();
        long started = System.nanoTime();

        PaymentSucceeded unknown = new PaymentSucceeded(Ids.next(), Ids.next(), "ghost", 100, Instant.now());
        events.sendTo(Topics.PAYMENT_SUCCEEDED, 0, unknown.orderId(), unknown);
        PaymentSucceeded known = payment(order);
        events.sendTo(Topics.PAYMENT_SUCCEEDED, 0, known.orderId(), known);

        await().atMost(Duration.ofSeconds(60)).until(() -> "PAID".equals(statuses(activityId).get(order.orderId())));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(skippedUnknown() - skippedBefore).isEqualTo(1.0);
    }

    /**
     * The database refuses every insert of the activity's orders for a while (a trigger stands in for an outage that
     * strikes between the half message and its local transaction): the consumer retries each reservation until the
     * inserts work again, and every order is then created with exactly one deadline, although each failed attempt
     * left an undecided half message for check-back to settle.
     */
    @Test
    @Timeout(180)
    void reservationsWhoseInsertsFailAreRetriedUntilTheyWorkWithOneDeadlineEach() throws InterruptedException {
        String activityId = Ids.next();
        String trigger = "outage_" + activityId.toLowerCase();
        double undecidedBefore = undecidedTransactions();
        jdbc.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON orders FOR EACH ROW"
                + " IF NEW.activity_id = '" + activityId + "' THEN"
                + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated outage'; END IF");
        try {
            IntStream.range(0, 5).forEach(i -> reserve(activityId, "outage-" + i));
            await().atMost(Duration.ofSeconds(30)).until(() -> undecidedTransactions() >= undecidedBefore + 5);
            Thread.sleep(1_000);
            assertThat(statuses(activityId)).isEmpty();
        } finally {
            jdbc.execute("DROP TRIGGER " + trigger);
        }

        awaitOrders(activityId, 5);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(statuses(activityId).values())
                .containsOnly("CANCELLED"));
        // A wrongly committed half message of a failed attempt would be checked back after 6 s and delivered then.
        Thread.sleep(6_000);
        assertThat(published(Topics.ORDER_PAYMENT_TIMEOUT, OrderPaymentTimeout.class,
                event -> event.activityId().equals(activityId), 5)).hasSize(5);
        assertThat(published(Topics.ORDER_CANCELLED, OrderCancelled.class,
                event -> event.activityId().equals(activityId), 5)).hasSize(5);
    }

    private double malformed(String topic) {
        return Search.in(meters).name("order.consumer.malformed.records").tag("topic", topic).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    /** Half messages whose local transaction failed, left to check-back. */
    private double undecidedTransactions() {
        return meters.get("mq.producer.transactions").tag("group", "order-service").tag("outcome", "unknown")
                .counter().count();
    }

    private double skippedUnknown() {
        return meters.get("order.consumer.skipped.records").tag("reason", "unknown_order").counter().count();
    }
}
