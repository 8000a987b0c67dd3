package io.seckill.order.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A payment to give back because it arrived for an order it could not pay; requested at most once per payment.
 *
 * @param paymentId   the payment to refund
 * @param orderId     the order it was meant for
 * @param amountCents what the payment charged
 * @param requestedAt when this service asked for the refund
 */
public record RefundRequest(String paymentId, String orderId, long amountCents, Instant requestedAt) {

    public RefundRequest {
        Order.requireId("paymentId", paymentId, Order.MAX_ID_LENGTH);
        Order.requireId("orderId", orderId, Order.MAX_ID_LENGTH);
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (amountCents < 0) {
            throw new IllegalArgumentException("amountCents must not be negative: " + amountCents);
        }
    }
}
