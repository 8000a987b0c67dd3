package io.seckill.order.api;

import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.OrderPaymentTimeout;
import io.seckill.common.event.PaymentRefundRequested;
import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.id.Ids;
import io.seckill.common.messaging.Topics;
import io.seckill.order.infra.messaging.OrderEventListeners;
import io.seckill.order.testing.ConsumerGroups;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every consumer receives every message twice (each record is sent twice, deadlines are copied with their message
 * ids): the end state and the messages announced are those of a single delivery.
 */
class DuplicateDeliveryIT extends OrderServiceSupport {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @Test
    @Timeout(180)
    void everyEventDeliveredTwiceChangesTheOrdersAndAnnouncesMessagesOnce() {
        String activityId = Ids.next();
        List<SeckillReserved> reserved = IntStream.range(0, 40).mapToObj(i -> twice(activityId, "twice-" + i))
                .toList();
        Map<String, String> created = awaitOrders(activityId, 40);
        assertThat(created.values()).containsOnly("PENDING_PAYMENT");
        List<PaymentSucceeded> payments = reserved.subList(0, 20).stream().map(OrderServiceSupport::payment).toList();
        payments.forEach(payment -> {
            pay(payment);
            pay(payment);
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(statuses(activityId).values())
                .doesNotContain("PENDING_PAYMENT"));
        List<ConsumerRecord<byte[], byte[]>> deadlines = publishedRecords(Topics.ORDER_PAYMENT_TIMEOUT,
                OrderPaymentTimeout.class, event -> event.activityId().equals(activityId), 40);
        assertThat(deadlines).hasSize(40);

        deadlines.forEach(record -> events.resend(Topics.ORDER_PAYMENT_TIMEOUT, record.key(), record.value(),
                record.headers()));
        payments.forEach(this::pay);
        ConsumerGroups.awaitCaughtUp(OrderEventListeners.PAYMENT_DUE_GROUP, Topics.ORDER_PAYMENT_TIMEOUT, PARTITIONS,
                CATCH_UP);
        ConsumerGroups.awaitCaughtUp(OrderEventListeners.PAYMENT_GROUP, Topics.PAYMENT_SUCCEEDED, PARTITIONS,
                CATCH_UP);

        Map<String, String> settled = statuses(activityId);
        Set<String> paidOrders = payments.stream().map(PaymentSucceeded::orderId).collect(Collectors.toSet());
        assertThat(settled.entrySet()).allSatisfy(order -> assertThat(order.getValue())
                .isEqualTo(paidOrders.contains(order.getKey()) ? "PAID" : "CANCELLED"));
        assertThat(jdbc.queryForList("SELECT DISTINCT version FROM orders WHERE activity_id = ?", Integer.class,
                activityId)).containsExactly(1);
        List<OrderCancelled> cancellations = published(Topics.ORDER_CANCELLED, OrderCancelled.class,
                event -> event.activityId().equals(activityId), 20);
        assertThat(cancellations).hasSize(20);
        assertThat(cancellations).extracting(OrderCancelled::orderId).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(paidOrders);
        assertThat(published(Topics.ORDER_PAYMENT_TIMEOUT, OrderPaymentTimeout.class,
                event -> event.activityId().equals(activityId), 80)).hasSize(80);
        assertThat(published(Topics.PAYMENT_REFUND_REQUESTED, PaymentRefundRequested.class,
                event -> settled.containsKey(event.orderId()), 0)).isEmpty();
    }

    private SeckillReserved twice(String activityId, String userId) {
        SeckillReserved reserved = reserve(activityId, userId);
        events.send(Topics.SECKILL_RESERVED, reserved.orderId(), reserved);
        return reserved;
    }
}
