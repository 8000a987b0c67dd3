package io.seckill.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The event on {@link io.seckill.common.messaging.Topics#PAYMENT_REFUND_REQUESTED}: a payment arrived for an order
 * that was already cancelled, so the charge must be given back.
 *
 * @param paymentId   the payment to refund
 * @param orderId     its order (also the message key)
 * @param amountCents the amount to refund, at least 0
 * @param requestedAt when order-service asked
 */
public record PaymentRefundRequested(String paymentId, String orderId, long amountCents, Instant requestedAt) {

    public PaymentRefundRequested {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (amountCents < 0) {
            throw new IllegalArgumentException("amountCents must not be negative: " + amountCents);
        }
    }
}
