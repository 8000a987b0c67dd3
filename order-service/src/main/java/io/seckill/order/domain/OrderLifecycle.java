package io.seckill.order.domain;

import io.seckill.common.event.OrderPaymentTimeout;
import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.event.SeckillReserved;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Applies the events of an order's life: a reservation creates it, its payment deadline cancels it if unpaid, a
 * payment pays it (or is refunded). Every handler is idempotent: a redelivered event finds its effect already stored
 * and changes nothing, so consumers need no separate record of consumed messages.
 *
 * <p>Each handler reads the order, lets the {@link OrderStateMachine} decide, and applies the decision through
 * {@link OrderTransitions} guarded by the status and version it read. A concurrent event that wins the guard makes
 * the loser read again and decide on the new state: e.g. a payment racing the deadline either pays the order (the
 * deadline then finds it PAID) or finds it CANCELLED and requests a refund.
 *
 * <p>An unknown order throws {@link UnknownOrderException}. For a deadline that cannot happen (the deadline is sent
 * in one half message with the order's insert). For a payment it should not either: payment-service reads the order
 * from this service before charging. It means the order's insert lags (e.g. a failover to a database replica that
 * is behind) or the event belongs to another environment, so consumers retry for a while, then log and skip it.
 *
 * <p>Times are truncated to milliseconds, the precision the store keeps, so that an announced time equals the
 * stored one. Thread-safe.
 */
public final class OrderLifecycle {

    /** Re-reads after losing a guard; each loss means another transition won, and an order has at most one. */
    private static final int MAX_ATTEMPTS = 5;

    private final OrderRepository orders;
    private final OrderTransitions transitions;
    private final Clock clock;
    private final Duration paymentTimeout;

    public OrderLifecycle(OrderRepository orders, OrderTransitions transitions, Clock clock, Duration paymentTimeout) {
        this.orders = Objects.requireNonNull(orders, "orders");
        this.transitions = Objects.requireNonNull(transitions, "transitions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.paymentTimeout = Objects.requireNonNull(paymentTimeout, "paymentTimeout");
    }

    /** Creates the order of a reservation, PENDING_PAYMENT for its price, due {@code payment-timeout} from now. */
    public EventOutcome onReserved(SeckillReserved reservation) {
        if (orders.findById(reservation.orderId()).isPresent()) {
            return EventOutcome.NO_CHANGE;
        }
        Instant now = now();
        Order order = Order.placed(reservation, now);
        return transitions.create(order, now.plus(paymentTimeout)) ? EventOutcome.CREATED : EventOutcome.NO_CHANGE;
    }

    /**
     * Cancels the order if it is still unpaid once its deadline is due; a deadline that is not due yet changes
     * nothing ({@link EventOutcome#NOT_DUE}): an order is never cancelled early.
     */
    public EventOutcome onPaymentDue(OrderPaymentTimeout deadline) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Instant now = now();
            if (deadline.dueAt().isAfter(now)) {
                return EventOutcome.NOT_DUE;
            }
            Order order = find(deadline.orderId(), "payment deadline");
            if (OrderStateMachine.onPaymentDue(order) == Reaction.NONE) {
                return EventOutcome.NO_CHANGE;
            }
            if (transitions.cancel(order, OrderStateMachine.cancel(order, now))) {
                return EventOutcome.CANCELLED;
            }
        }
        throw contended(deadline.orderId());
    }

    /** Pays the order with the payment, or requests the payment's refund if it cannot pay it. */
    public EventOutcome onPaymentSucceeded(PaymentSucceeded payment) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Order order = find(payment.orderId(), "payment " + payment.paymentId());
            switch (OrderStateMachine.onPaymentSucceeded(order, payment.paymentId())) {
                case PAY -> {
                    Instant paidAt = payment.paidAt().truncatedTo(ChronoUnit.MILLIS);
                    if (transitions.pay(order, OrderStateMachine.pay(order, payment.paymentId(), paidAt))) {
                        return EventOutcome.PAID;
                    }
                }
                case REQUEST_REFUND -> {
                    RefundRequest refund = new RefundRequest(payment.paymentId(), order.orderId(),
                            payment.amountCents(), now());
                    return transitions.requestRefund(refund) ? EventOutcome.REFUND_REQUESTED : EventOutcome.NO_CHANGE;
                }
                default -> {
                    return EventOutcome.NO_CHANGE;
                }
            }
        }
        throw contended(payment.orderId());
    }

    private Order find(String orderId, String event) {
        return orders.findById(orderId).orElseThrow(() -> new UnknownOrderException(orderId, event));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static IllegalStateException contended(String orderId) {
        return new IllegalStateException("order " + orderId + " kept changing under " + MAX_ATTEMPTS
                + " attempts; the event is retried");
    }
}
