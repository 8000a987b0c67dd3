package io.seckill.order.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderStateMachineTest {

    private static final Instant CREATED = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant LATER = CREATED.plusSeconds(60);

    @Test
    void onlyPendingPaymentMayBecomePaidOrCancelled() {
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                boolean expected = from == OrderStatus.PENDING_PAYMENT && to != OrderStatus.PENDING_PAYMENT;
                assertThat(OrderStateMachine.allows(from, to)).as(from + " -> " + to).isEqualTo(expected);
            }
        }
    }

    @Test
    void paymentPaysAPendingOrderOneVersionLater() {
        Order paid = OrderStateMachine.pay(pending(), "pay-1", LATER);

        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.version()).isEqualTo(1);
        assertThat(paid.paymentId()).isEqualTo("pay-1");
        assertThat(paid.paidAt()).isEqualTo(LATER);
        assertThat(paid.cancelledAt()).isNull();
    }

    @Test
    void deadlineCancelsOnlyAPendingOrder() {
        Order cancelled = OrderStateMachine.cancel(pending(), LATER);

        assertThat(OrderStateMachine.onPaymentDue(pending())).isEqualTo(Reaction.CANCEL);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.version()).isEqualTo(1);
        assertThat(OrderStateMachine.onPaymentDue(cancelled)).isEqualTo(Reaction.NONE);
        assertThat(OrderStateMachine.onPaymentDue(OrderStateMachine.pay(pending(), "pay-1", LATER)))
                .isEqualTo(Reaction.NONE);
    }

    @Test
    void paymentOfACancelledOrderOrOfAnOrderPaidByAnotherPaymentIsRefunded() {
        Order paid = OrderStateMachine.pay(pending(), "pay-1", LATER);
        Order cancelled = OrderStateMachine.cancel(pending(), LATER);

        assertThat(OrderStateMachine.onPaymentSucceeded(pending(), "pay-1")).isEqualTo(Reaction.PAY);
        assertThat(OrderStateMachine.onPaymentSucceeded(paid, "pay-1")).isEqualTo(Reaction.NONE);
        assertThat(OrderStateMachine.onPaymentSucceeded(paid, "pay-2")).isEqualTo(Reaction.REQUEST_REFUND);
        assertThat(OrderStateMachine.onPaymentSucceeded(cancelled, "pay-1")).isEqualTo(Reaction.REQUEST_REFUND);
    }

    @Test
    void terminalOrdersRefuseEveryTransition() {
        Order paid = OrderStateMachine.pay(pending(), "pay-1", LATER);
        Order cancelled = OrderStateMachine.cancel(pending(), LATER);

        assertThatThrownBy(() -> OrderStateMachine.cancel(paid, LATER)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OrderStateMachine.pay(paid, "pay-2", LATER))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OrderStateMachine.pay(cancelled, "pay-1", LATER))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OrderStateMachine.cancel(cancelled, LATER))
                .isInstanceOf(IllegalStateException.class);
    }

    private static Order pending() {
        return new Order("order-1", "activity-1", "user-1", 4_990, OrderStatus.PENDING_PAYMENT, 0, CREATED, null,
                null, null);
    }
}
