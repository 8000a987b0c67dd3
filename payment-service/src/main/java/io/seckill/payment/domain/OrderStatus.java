package io.seckill.payment.domain;

/** An order's status as order-service reports it (API.md); only {@code PENDING_PAYMENT} orders can be paid. */
public enum OrderStatus {
    /** Created, waiting for its payment until its deadline. */
    PENDING_PAYMENT,
    /** Its payment succeeded. */
    PAID,
    /** Unpaid at its deadline; its unit went back to the stock. */
    CANCELLED
}
