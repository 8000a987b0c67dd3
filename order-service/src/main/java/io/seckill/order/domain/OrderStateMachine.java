package io.seckill.order.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The order's life: PENDING_PAYMENT → PAID or PENDING_PAYMENT → CANCELLED, nothing else, so an order is never both
 * paid and cancelled and a terminal status stays terminal. Pure functions; stateless and thread-safe.
 *
 * <p>The store applies a transition only if the order still has the status and version it was decided on (see
 * {@link OrderTransitions}), which makes the decision hold against concurrent events: the loser re-reads and
 * decides again on the winner's result.
 */
public final class OrderStateMachine {

    private OrderStateMachine() {
    }

    /** Whether an order may go from {@code from} to {@code to}. */
    public static boolean allows(OrderStatus from, OrderStatus to) {
        return from == OrderStatus.PENDING_PAYMENT && to.isTerminal();
    }

    /** The reaction of {@code order} to its payment deadline passing: cancel it if it is still unpaid. */
    public static Reaction onPaymentDue(Order order) {
        return order.status() == OrderStatus.PENDING_PAYMENT ? Reaction.CANCEL : Reaction.NONE;
    }

    /**
     * The reaction of {@code order} to a succeeded payment: pay it if unpaid; nothing if this payment paid it
     * already; otherwise (cancelled, or paid by another payment) the payment must be refunded.
     */
    public static Reaction onPaymentSucceeded(Order order, String paymentId) {
        Objects.requireNonNull(paymentId, "paymentId");
        return switch (order.status()) {
            case PENDING_PAYMENT -> Reaction.PAY;
            case PAID -> paymentId.equals(order.paymentId()) ? Reaction.NONE : Reaction.REQUEST_REFUND;
            case CANCELLED -> Reaction.REQUEST_REFUND;
        };
    }

    /** {@code order} paid by {@code paymentId} at {@code paidAt}, one version later. */
    public static Order pay(Order order, String paymentId, Instant paidAt) {
        requireAllowed(order, OrderStatus.PAID);
        return new Order(order.orderId(), order.activityId(), order.userId(), order.amountCents(), OrderStatus.PAID,
                order.version() + 1, order.createdAt(), paidAt, null, paymentId);
    }

    /** {@code order} cancelled at {@code cancelledAt}, one version later. */
    public static Order cancel(Order order, Instant cancelledAt) {
        requireAllowed(order, OrderStatus.CANCELLED);
        return new Order(order.orderId(), order.activityId(), order.userId(), order.amountCents(),
                OrderStatus.CANCELLED, order.version() + 1, order.createdAt(), null, cancelledAt, null);
    }

    private static void requireAllowed(Order order, OrderStatus to) {
        if (!allows(order.status(), to)) {
            throw new IllegalStateException("order " + order.orderId() + " cannot go from " + order.status()
                    + " to " + to);
        }
    }
}
