package io.seckill.system;

import io.seckill.system.harness.Attempt;
import io.seckill.system.harness.OrderView;
import io.seckill.system.harness.Parallel;
import io.seckill.system.harness.Payment;
import io.seckill.system.harness.PaymentRecord;
import io.seckill.system.harness.Platform;
import io.seckill.system.harness.SaleRecords;
import io.seckill.system.harness.SaleState;
import io.seckill.system.harness.Storefront;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Paying and not paying: the payment, the timeout, the returned stock and the payment racing the deadline. */
class PaymentTimeoutFlowIT {

    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final Platform PLATFORM = Platform.withPaymentTimeout(PAYMENT_TIMEOUT);

    private Storefront storefront;
    private SaleRecords records;

    @BeforeEach
    void storefront() {
        storefront = PLATFORM.storefront();
        records = new SaleRecords(PLATFORM.bootstrapServers());
    }

    @Test
    @Timeout(300)
    void halfPaidHalfTimedOutReturnsTheUnpaidStockToBothStoresAndFreesItsBuyers() {
        String activityId = storefront.openSale(100, 1);
        List<Attempt> sold = buyAll(activityId, "pay-" + activityId, 100);
        List<Attempt> payers = sold.subList(0, 50);
        List<Attempt> idlers = sold.subList(50, 100);

        List<Payment> payments = Parallel.map(payers, 10, attempt -> {
            storefront.awaitOrder(attempt.userId(), attempt.orderId(), Duration.ofSeconds(60));
            return storefront.pay(attempt.userId(), attempt.orderId());
        });

        assertThat(payments).allSatisfy(payment -> assertThat(payment.succeeded()).as(payment.toString()).isTrue());
        SaleState.awaitQuiet(storefront, activityId, 1, QUIET_TIMEOUT, state -> {
            assertThat(state.orders().paid()).isEqualTo(50);
            assertThat(state.orders().cancelled()).isEqualTo(50);
            assertThat(state.stock().mysqlRemaining()).isEqualTo(50);
        });
        assertStatuses(payers, OrderView.PAID);
        assertThat(payers).allSatisfy(attempt -> assertThat(storefront.paymentOf(attempt.orderId()))
                .hasValueSatisfying(p -> assertThat(p.chargedOnce()).as(p.toString()).isTrue()));
        assertThat(idlers).allSatisfy(attempt -> assertThat(storefront.paymentOf(attempt.orderId())).isEmpty());
        assertStatuses(idlers, OrderView.CANCELLED);
        assertThat(records.refundsRequested(orderIds(sold))).isEmpty();
        assertThat(SaleRecords.valuesBy(records.paymentsSucceeded(orderIds(sold)), "orderId", "paymentId"))
                .hasSize(50).allSatisfy((order, ids) -> assertThat(ids).as(order).hasSize(1));

        List<Attempt> again = rebuy(activityId, idlers);

        assertThat(again).allSatisfy(attempt -> assertThat(attempt.accepted()).as(attempt.toString()).isTrue());
        // The second orders are not paid either: once they time out the books are where they were.
        SaleState.awaitQuiet(storefront, activityId, 1, QUIET_TIMEOUT, state -> {
            assertThat(state.orders().paid()).isEqualTo(50);
            assertThat(state.orders().cancelled()).isEqualTo(100);
            assertThat(state.stock().mysqlRemaining()).isEqualTo(50);
        });
    }

    @Test
    @Timeout(300)
    void paymentRacingTheDeadlineEndsPaidOrCancelledAndRefundedNeverBothAndIsChargedOnce() {
        String activityId = storefront.openSale(12, 1);
        List<Attempt> sold = buyAll(activityId, "race-" + activityId, 12);

        // From 2.5 s before the deadline to 0.8 s after it, 300 ms apart. A payment is settled only once its
        // payment.succeeded reaches order-service, so early ones tend to win, late ones lose, the middle races.
        List<Payment> payments = Parallel.map(sold, sold.size(), attempt -> {
            OrderView order = storefront.awaitOrder(attempt.userId(), attempt.orderId(), Duration.ofSeconds(60));
            Instant at = order.createdAt().plus(PAYMENT_TIMEOUT).plusMillis(300L * sold.indexOf(attempt) - 2_500);
            sleepUntil(at);
            return storefront.pay(attempt.userId(), attempt.orderId());
        });

        assertThat(payments).allSatisfy(payment -> assertThat(payment.status()).as(payment.toString())
                .isIn(200, 409));
        assertThat(payments.stream().filter(p -> p.status() == 409))
                .allSatisfy(p -> assertThat(p.code()).isEqualTo("ORDER_NOT_PAYABLE"));
        SaleState quiet = SaleState.awaitQuiet(storefront, activityId, 1, QUIET_TIMEOUT,
                state -> assertThat(state.orders().pendingPayment()).isZero());
        Map<String, OrderView> finals = sold.stream().collect(Collectors.toMap(Attempt::orderId,
                a -> storefront.order(a.userId(), a.orderId()).orElseThrow()));
        long paid = finals.values().stream().filter(o -> o.status().equals(OrderView.PAID)).count();
        // Which side won depends on timing; printed so that a run shows whether both outcomes occurred.
        System.out.printf("payments racing the deadline: %d paid, %d cancelled, %d answered 409%n", paid,
                finals.size() - paid, payments.stream().filter(p -> p.status() == 409).count());
        assertThat(quiet.stock().liveReservations()).isEqualTo(paid);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertPaidXorRefunded(finals, payments));
        assertRepeatedPaymentIsTheSame(sold, payments);
    }

    /**
     * A PAID order has exactly one payment, charged once and not refunded; a CANCELLED one has no payment, or one
     * charged once and refunded once. Checked in payment-service's books and in the payment events.
     */
    private void assertPaidXorRefunded(Map<String, OrderView> finals, List<Payment> payments) {
        Map<String, Set<String>> charged = SaleRecords.valuesBy(records.paymentsSucceeded(finals.keySet()),
                "orderId", "paymentId");
        Map<String, Set<String>> refunded = SaleRecords.valuesBy(records.refundsRequested(finals.keySet()),
                "orderId", "paymentId");
        finals.forEach((orderId, order) -> {
            Set<String> charges = charged.getOrDefault(orderId, Set.of());
            Set<String> refunds = refunded.getOrDefault(orderId, Set.of());
            Optional<PaymentRecord> payment = storefront.paymentOf(orderId);
            assertThat(order.paidAt() != null && order.cancelledAt() != null).as("paid and cancelled: " + order)
                    .isFalse();
            if (order.status().equals(OrderView.PAID)) {
                assertThat(payment).as("payment of paid " + orderId).hasValueSatisfying(
                        p -> assertThat(p.chargedOnce()).as(p.toString()).isTrue());
                assertThat(charges).as("charges of paid " + orderId).hasSize(1);
                assertThat(refunds).as("refunds of paid " + orderId).isEmpty();
            } else {
                assertThat(order.status()).isEqualTo(OrderView.CANCELLED);
                payment.ifPresent(p -> assertThat(p.refundedOnce()).as("payment of cancelled " + p).isTrue());
                assertThat(charges).as("charges of cancelled " + orderId).hasSizeLessThanOrEqualTo(1);
                assertThat(refunds).as("refunds of cancelled " + orderId).isEqualTo(charges);
            }
        });
        payments.stream().filter(Payment::succeeded).forEach(payment -> assertThat(charged.get(payment.orderId()))
                .as("the charge answered for " + payment.orderId()).containsExactly(payment.paymentId()));
    }

    /** Paying again never charges again: the same payment (or, once cancelled, a refusal). */
    private void assertRepeatedPaymentIsTheSame(List<Attempt> sold, List<Payment> first) {
        Map<String, Payment> byOrder = first.stream().collect(Collectors.toMap(Payment::orderId, p -> p));
        for (Attempt attempt : sold) {
            Payment repeat = storefront.pay(attempt.userId(), attempt.orderId());
            Payment earlier = byOrder.get(attempt.orderId());
            if (!earlier.succeeded()) {
                assertThat(repeat.status()).as(repeat + " after " + earlier).isEqualTo(409);
            } else if (repeat.status() == 200) {
                assertThat(repeat.paymentId()).as("repeat of " + earlier).isEqualTo(earlier.paymentId());
            } else {
                // Charged, then cancelled by the deadline and refunded: not payable any more, not charged again.
                assertThat(repeat.code()).as(repeat + " after " + earlier).isEqualTo("ORDER_NOT_PAYABLE");
            }
        }
        assertThat(SaleRecords.messageIdsBy(records.paymentsSucceeded(byOrder.keySet()), "orderId"))
                .allSatisfy((order, ids) -> assertThat(ids).as("payment messages of " + order).hasSize(1));
    }

    /** {@code count} distinct users each buy one unit of a sale of {@code count}: all must be accepted. */
    private List<Attempt> buyAll(String activityId, String userPrefix, int count) {
        List<Attempt> sold = storefront.crowd(activityId,
                IntStream.range(0, count).mapToObj(i -> userPrefix + "-" + i).toList(), 50);
        assertThat(sold).allSatisfy(attempt -> assertThat(attempt.accepted()).as(attempt.toString()).isTrue());
        return sold;
    }

    /**
     * The freed buyers try again. A 409 SOLD_OUT is retried for a while: an instance that saw the sale sold out
     * refuses from memory until its sold-out flag expires (seckill.sold-out.recheck-after).
     */
    private List<Attempt> rebuy(String activityId, List<Attempt> freed) {
        return Parallel.map(freed, 10, earlier -> await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> storefront.attempt(activityId, earlier.userId()), a -> !a.refusedWith("SOLD_OUT")));
    }

    private void assertStatuses(List<Attempt> attempts, String status) {
        assertThat(attempts).allSatisfy(attempt -> assertThat(storefront.order(attempt.userId(), attempt.orderId()))
                .as(attempt.toString()).hasValueSatisfying(order -> assertThat(order.status()).isEqualTo(status)));
    }

    private static Set<String> orderIds(List<Attempt> attempts) {
        return attempts.stream().map(Attempt::orderId).collect(Collectors.toSet());
    }

    private static void sleepUntil(Instant at) {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
