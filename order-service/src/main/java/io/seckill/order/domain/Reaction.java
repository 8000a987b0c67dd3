package io.seckill.order.domain;

/** What an order does about an event, as decided by the {@link OrderStateMachine}. */
public enum Reaction {
    /** PENDING_PAYMENT → PAID with the payment. */
    PAY,
    /** PENDING_PAYMENT → CANCELLED, announcing the cancellation. */
    CANCEL,
    /** The payment cannot pay this order (cancelled, or paid by another payment): give the money back. */
    REQUEST_REFUND,
    /** Nothing: the event was already applied, or no longer matters. */
    NONE
}
