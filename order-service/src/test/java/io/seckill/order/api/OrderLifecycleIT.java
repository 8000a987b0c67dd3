package io.seckill.order.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.OrderPaymentTimeout;
import io.seckill.common.event.PaymentRefundRequested;
import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.id.Ids;
import io.seckill.common.messaging.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Orders from reservation to payment or cancellation, driven through the broker as the other services drive them. */
class OrderLifecycleIT extends OrderServiceSupport {

    @Autowired
    MeterRegistry meters;

    @Test
    @Timeout(180)
    void hundredReservationsBecomeOrdersAndTheUnpaidHalfIsCancelledAtItsDeadline() {
        double createdBefore = events(Topics.SECKILL_RESERVED, "CREATED");
        double paidBefore = events(Topics.PAYMENT_SUCCEEDED, "PAID");
        double cancelledBefore = events(Topics.ORDER_PAYMENT_TIMEOUT, "CANCELLED");
        String activityId = Ids.next();
        List<SeckillReserved> reserved = IntStream.range(0, 100)
                .mapToObj(i -> reserve(activityId, "buyer-" + i)).toList();

        Map<String, String> created = awaitOrders(activityId, 100);
        assertThat(created.keySet()).isEqualTo(orderIds(reserved));
        assertThat(created.values()).containsOnly("PENDING_PAYMENT");
        assertThat(jdbc.queryForList("SELECT DISTINCT amount_cents FROM orders WHERE activity_id = ?", Long.class,
                activityId)).containsExactly(PRICE_CENTS);
        List<SeckillReserved> paid = reserved.subList(0, 50);
        paid.forEach(order -> pay(payment(order)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(statuses(activityId).values())
                .doesNotContain("PENDING_PAYMENT"));
        Map<String, String> settled = statuses(activityId);
        assertThat(settled).containsAllEntriesOf(orderIds(paid).stream()
                .collect(Collectors.toMap(Function.identity(), id -> "PAID")));
        assertThat(settled.values().stream().filter("CANCELLED"::equals)).hasSize(50);
        List<OrderCancelled> cancellations = published(Topics.ORDER_CANCELLED, OrderCancelled.class,
                event -> event.activityId().equals(activityId), 50);
        assertThat(cancellations).hasSize(50);
        assertThat(cancellations).extracting(OrderCancelled::orderId).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(orderIds(paid));
        assertThat(cancellations).allSatisfy(event -> assertThat(event.reason())
                .isEqualTo(OrderCancelled.PAYMENT_TIMEOUT));
        assertThat(published(Topics.ORDER_PAYMENT_TIMEOUT, OrderPaymentTimeout.class,
                event -> event.activityId().equals(activityId), 100)).hasSize(100);
        assertNeverCancelledBeforeTheDeadline(activityId);
        // The transition counters the dashboards read; other tests' orders may add to them meanwhile.
        assertThat(events(Topics.SECKILL_RESERVED, "CREATED") - createdBefore).isGreaterThanOrEqualTo(100);
        assertThat(events(Topics.PAYMENT_SUCCEEDED, "PAID") - paidBefore).isGreaterThanOrEqualTo(50);
        assertThat(events(Topics.ORDER_PAYMENT_TIMEOUT, "CANCELLED") - cancelledBefore).isGreaterThanOrEqualTo(50);
    }

    private double events(String topic, String outcome) {
        Counter counter = meters.find("order.events").tag("topic", topic).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    @Timeout(120)
    void paymentAfterTheCancellationRequestsExactlyOneRefund() {
        String activityId = Ids.next();
        SeckillReserved order = reserve(activityId, "late-payer");
        await().atMost(Duration.ofSeconds(60)).until(() -> "CANCELLED".equals(statuses(activityId)
                .get(order.orderId())));

        PaymentSucceeded late = payment(order);
        pay(late);
        pay(late);

        List<PaymentRefundRequested> refunds = published(Topics.PAYMENT_REFUND_REQUESTED,
                PaymentRefundRequested.class, event -> event.orderId().equals(order.orderId()), 1);
        assertThat(refunds).hasSize(1);
        assertThat(refunds.getFirst().paymentId()).isEqualTo(late.paymentId());
        assertThat(refunds.getFirst().amountCents()).isEqualTo(late.amountCents());
        assertThat(statuses(activityId)).containsEntry(order.orderId(), "CANCELLED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM refund_request WHERE order_id = ?", Long.class,
                order.orderId())).isEqualTo(1);
    }

    @Test
    @Timeout(180)
    void paymentsRacingTheirDeadlinesEndPaidOrCancelledWithARefundNeverBoth() throws InterruptedException {
        String activityId = Ids.next();
        List<SeckillReserved> reserved = IntStream.range(0, 20)
                .mapToObj(i -> reserve(activityId, "racer-" + i)).toList();
        awaitOrders(activityId, 20);

        // Each payment is sent around its order's deadline, from 400 ms before to 360 ms after.
        List<Map.Entry<Instant, PaymentSucceeded>> schedule = new ArrayList<>();
        for (int i = 0; i < reserved.size(); i++) {
            Instant dueAt = createdAt(reserved.get(i).orderId()).plus(PAYMENT_TIMEOUT);
            schedule.add(Map.entry(dueAt.plusMillis(-400 + 40L * i), payment(reserved.get(i))));
        }
        schedule.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        for (Map.Entry<Instant, PaymentSucceeded> payment : schedule) {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), payment.getKey()).toMillis()));
            pay(payment.getValue());
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(statuses(activityId).values())
                .doesNotContain("PENDING_PAYMENT"));
        Set<String> cancelled = statuses(activityId).entrySet().stream()
                .filter(entry -> entry.getValue().equals("CANCELLED")).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        Set<String> orders = orderIds(reserved);
        List<PaymentRefundRequested> refunds = published(Topics.PAYMENT_REFUND_REQUESTED,
                PaymentRefundRequested.class, event -> orders.contains(event.orderId()), cancelled.size());
        List<OrderCancelled> cancellations = published(Topics.ORDER_CANCELLED, OrderCancelled.class,
                event -> event.activityId().equals(activityId), cancelled.size());
        assertThat(refunds).extracting(PaymentRefundRequested::orderId)
                .containsExactlyInAnyOrderElementsOf(cancelled);
        assertThat(cancellations).extracting(OrderCancelled::orderId).containsExactlyInAnyOrderElementsOf(cancelled);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE activity_id = ? AND status = 'PAID'"
                + " AND payment_id IS NOT NULL AND paid_at IS NOT NULL", Long.class, activityId))
                .isEqualTo(20L - cancelled.size());
        assertNeverCancelledBeforeTheDeadline(activityId);
    }

    @Test
    @Timeout(120)
    void deadlinesArrivingEarlyAreWaitedForOrScheduledAgainNeverActedOnEarly() {
        String activityId = Ids.next();
        SeckillReserved held = reserve(activityId, "early-held");
        SeckillReserved rescheduled = reserve(activityId, "early-rescheduled");
        awaitOrders(activityId, 2);
        double earlyBefore = meters.get("order.payment.deadlines.early").counter().count();

        Instant heldDue = Instant.now().plusMillis(1_500);
        Instant rescheduledDue = Instant.now().plusMillis(3_500);
        events.send(Topics.ORDER_PAYMENT_TIMEOUT, held.orderId(), new OrderPaymentTimeout(held.orderId(), activityId,
                held.userId(), heldDue));
        events.send(Topics.ORDER_PAYMENT_TIMEOUT, rescheduled.orderId(), new OrderPaymentTimeout(
                rescheduled.orderId(), activityId, rescheduled.userId(), rescheduledDue));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(statuses(activityId).values())
                .containsOnly("CANCELLED"));
        assertThat(cancelledAt(held.orderId())).isAfterOrEqualTo(heldDue.truncatedTo(ChronoUnit.MILLIS));
        assertThat(cancelledAt(rescheduled.orderId())).isAfterOrEqualTo(rescheduledDue.truncatedTo(ChronoUnit.MILLIS));
        assertThat(meters.get("order.payment.deadlines.early").counter().count() - earlyBefore).isEqualTo(2.0);
    }

    private Instant cancelledAt(String orderId) {
        return jdbc.queryForObject("SELECT cancelled_at FROM orders WHERE order_id = ?", LocalDateTime.class,
                orderId).toInstant(ZoneOffset.UTC);
    }

    private Instant createdAt(String orderId) {
        return jdbc.queryForObject("SELECT created_at FROM orders WHERE order_id = ?", LocalDateTime.class, orderId)
                .toInstant(ZoneOffset.UTC);
    }

    private void assertNeverCancelledBeforeTheDeadline(String activityId) {
        List<Long> cancelledAfterMs = jdbc.queryForList("SELECT TIMESTAMPDIFF(MICROSECOND, created_at, cancelled_at)"
                + " DIV 1000 FROM orders WHERE activity_id = ? AND status = 'CANCELLED'", Long.class, activityId);
        assertThat(cancelledAfterMs).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(
                PAYMENT_TIMEOUT.toMillis()));
    }

    private static Set<String> orderIds(List<SeckillReserved> reserved) {
        return reserved.stream().map(SeckillReserved::orderId).collect(Collectors.toSet());
    }
}
