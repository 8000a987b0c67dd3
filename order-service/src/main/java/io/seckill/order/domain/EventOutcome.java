package io.seckill.order.domain;

/** What handling one event did to an order, for logs and tests. */
public enum EventOutcome {
    /** The order was created with its payment deadline. */
    CREATED,
    /** The order was paid. */
    PAID,
    /** The order was cancelled and the cancellation announced. */
    CANCELLED,
    /** A refund of the payment was requested and announced. */
    REFUND_REQUESTED,
    /** The payment deadline is not due yet: nothing done, the event must come back when due. */
    NOT_DUE,
    /** Nothing to do: the event was applied before (a duplicate) or no longer matters. */
    NO_CHANGE
}
