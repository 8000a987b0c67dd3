package io.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Each invariant holds on consistent figures and fails, alone, when its own figure is off. */
class InvariantsTest {

    /** Stock 200, 200 sold, 100 paid, 100 cancelled after the timeout and not resold: 100 left in both stores. */
    private static final PlatformFigures CONSISTENT = new PlatformFigures(200, 100, 100L, 100, 0, 100, 100, 100, 1, 1,
            200, 200, 3, 0, 0, 0, paid(100), List.of(new PlatformFigures.PaymentOfOrder("late", "REFUNDED", 1, 1),
            new PlatformFigures.PaymentOfOrder("refused", null, 0, 0)), quietBroker());

    private static List<PlatformFigures.PaymentOfOrder> paid(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> new PlatformFigures.PaymentOfOrder("o" + i, "SUCCEEDED", 1, 0)).toList();
    }

    private static BrokerFigures quietBroker() {
        return new BrokerFigures(true, null, Map.of("order-service/seckill.reserved", 0L,
                "inventory-release/order.cancelled", 0L), true, 0, 0, 0);
    }

    private static List<String> failing(PlatformFigures figures) {
        return Invariants.evaluate(figures).stream().filter(r -> !r.passed()).map(Invariants.Result::id).toList();
    }

    @Test
    void consistentFiguresPassEveryInvariant() {
        List<Invariants.Result> results = Invariants.evaluate(CONSISTENT);

        assertThat(results).extracting(Invariants.Result::id).containsExactly("stock-conserved", "stores-agree",
                "orders-match-reservations", "per-user-limit", "paid-once", "cancelled-refunded", "nothing-undelivered",
                "no-lost-order");
        assertThat(Invariants.allPassed(results)).isTrue();
    }

    @Test
    void anOversoldUnitBreaksStockConservation() {
        assertThat(failing(with("mysqlRemaining", 99L, "redisRemaining", 99L)))
                .contains("stock-conserved").doesNotContain("stores-agree");
    }

    @Test
    void redisAndMysqlDisagreeing() {
        assertThat(failing(with("redisRemaining", 101L))).containsExactly("stores-agree");
    }

    @Test
    void aColdActivityCannotShowItsStoresAgree() {
        assertThat(failing(with("redisRemaining", null))).containsExactly("stores-agree");
    }

    @Test
    void anOrderWithoutItsReservationBreaksOrdersMatchReservations() {
        assertThat(failing(with("pendingPayment", 1L, "cancelled", 99L)))
                .containsExactly("orders-match-reservations");
    }

    @Test
    void aUserOverTheLimit() {
        assertThat(failing(with("maxPerBuyer", 2L))).containsExactly("per-user-limit");
    }

    @Test
    void aPaidOrderChargedTwice() {
        List<PlatformFigures.PaymentOfOrder> payments = new java.util.ArrayList<>(paid(99));
        payments.add(new PlatformFigures.PaymentOfOrder("twice", "SUCCEEDED", 2, 0));
        List<Invariants.Result> results = Invariants.evaluate(with("paidOrders", payments));

        assertThat(results.stream().filter(r -> !r.passed()).map(Invariants.Result::id)).containsExactly("paid-once");
        assertThat(results.get(4).detail()).contains("twice (payment SUCCEEDED, charges 2, refunds 0)");
    }

    @Test
    void aPaidOrderWithoutPayment() {
        List<PlatformFigures.PaymentOfOrder> payments = new java.util.ArrayList<>(paid(99));
        payments.add(new PlatformFigures.PaymentOfOrder("none", null, 0, 0));

        assertThat(failing(with("paidOrders", payments))).containsExactly("paid-once");
    }

    @Test
    void paidOrdersTheRunDidNotSeeAsPaid() {
        assertThat(failing(with("paidOrders", paid(98)))).containsExactly("paid-once");
    }

    @Test
    void aCancelledOrderKeepingItsChargeOrRefundedTwice() {
        for (PlatformFigures.PaymentOfOrder kept : List.of(
                new PlatformFigures.PaymentOfOrder("kept", "SUCCEEDED", 1, 0),
                new PlatformFigures.PaymentOfOrder("twice", "REFUNDED", 2, 2),
                new PlatformFigures.PaymentOfOrder("over", "REFUNDED", 1, 2))) {
            assertThat(failing(with("cancelledPayments", List.of(kept)))).as(kept.orderId())
                    .containsExactly("cancelled-refunded");
        }
        assertThat(failing(with("cancelledPayments", List.of(
                new PlatformFigures.PaymentOfOrder("never charged", "PENDING", 0, 0))))).isEmpty();
    }

    @Test
    void aGroupBehindLeavesMessagesUndelivered() {
        BrokerFigures lagging = new BrokerFigures(true, null, Map.of("inventory-ledger/seckill.reserved", 3L), true,
                0, 0, 0);
        List<Invariants.Result> results = Invariants.evaluate(with("broker", lagging));

        assertThat(results.stream().filter(r -> !r.passed()).map(Invariants.Result::id))
                .containsExactly("nothing-undelivered");
        assertThat(results.get(6).detail()).contains("inventory-ledger/seckill.reserved 3");
    }

    @Test
    void undecidedOrDeadMessagesAndAnUnreadableBrokerFail() {
        assertThat(failing(with("broker", new BrokerFigures(true, null, Map.of(), true, 2, 0, 0))))
                .containsExactly("nothing-undelivered");
        assertThat(failing(with("broker", new BrokerFigures(true, null, Map.of(), true, 0, 1, 0))))
                .containsExactly("nothing-undelivered");
        assertThat(failing(with("broker", new BrokerFigures(true, null, Map.of(), true, 0, 0, 1))))
                .containsExactly("nothing-undelivered");
        assertThat(failing(with("broker", BrokerFigures.unreachable("refused"))))
                .containsExactly("nothing-undelivered");
        assertThat(failing(with("broker", new BrokerFigures(true, null, Map.of(), false, 0, 0, 0))))
                .containsExactly("nothing-undelivered");
    }

    @Test
    void aReservationThatNeverBecameAnOrderIsLost() {
        assertThat(failing(with("ordersFound", 199L))).containsExactly("no-lost-order");
        assertThat(failing(with("accepted", 201L))).containsExactly("no-lost-order");
    }

    @Test
    void aReservationBehindA503IsAnOrderNotALossButMustBeFound() {
        // 201 orders for 200 202s: one of the 3 requests answered 503 reserved anyway, and its owner has the order.
        assertThat(failing(with("cancelled", 101L, "unansweredOrders", 1L))).isEmpty();
        assertThat(failing(with("cancelled", 101L))).containsExactly("no-lost-order");
        assertThat(failing(with("cancelled", 104L, "unansweredOrders", 4L))).containsExactly("no-lost-order");
    }

    @Test
    void ordersOfEarlierRunsOnTheSameActivityAreNotCountedAsNew() {
        PlatformFigures reused = with("cancelled", 150L, "ordersBefore", 50L);

        assertThat(failing(reused)).isEmpty();
    }

    /** {@link #CONSISTENT} with the named record components replaced: {@code with("paid", 99L, "cancelled", 101L)}. */
    private static PlatformFigures with(Object... namesAndValues) {
        Map<String, Object> changes = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            changes.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        try {
            RecordComponent[] components = PlatformFigures.class.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                types[i] = components[i].getType();
                args[i] = changes.containsKey(name) ? changes.remove(name) : components[i].getAccessor().invoke(CONSISTENT);
            }
            assertThat(changes).as("unknown components").isEmpty();
            return PlatformFigures.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
