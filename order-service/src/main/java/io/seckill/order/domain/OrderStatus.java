package io.seckill.order.domain;

/** Where an order stands: created unpaid, then paid or cancelled for good (see {@link OrderStateMachine}). */
public enum OrderStatus {
    /** Created from a seckill reservation; waits for its payment until the payment deadline. */
    PENDING_PAYMENT,
    /** Paid by exactly one payment; terminal. */
    PAID,
    /** Cancelled (unpaid at its deadline); its unit went back to the stock; terminal. */
    CANCELLED;

    /** Whether nothing can happen to an order in this status any more. */
    public boolean isTerminal() {
        return this != PENDING_PAYMENT;
    }
}
