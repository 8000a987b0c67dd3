package io.seckill.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The event on {@link io.seckill.common.messaging.Topics#PAYMENT_SUCCEEDED}: the provider charged an order.
 *
 * @param paymentId   the payment (unique per order)
 * @param orderId     the order paid (also the message key)
 * @param userId      who paid
 * @param amountCents the amount charged, at least 0
 * @param paidAt      when the provider confirmed the charge
 */
public record PaymentSucceeded(String paymentId, String orderId, String userId, long amountCents, Instant paidAt) {

    public PaymentSucceeded {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(paidAt, "paidAt");
        if (amountCents < 0) {
            throw new IllegalArgumentException("amountCents must not be negative: " + amountCents);
        }
    }
}
