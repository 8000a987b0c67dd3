package io.seckill.payment.domain;

import java.util.Objects;

/**
 * What payment-service needs of an order, as order-service reported it at one moment (it may change right after:
 * a payment that arrives after a cancellation is refunded).
 *
 * @param orderId     the order
 * @param activityId  the sale it belongs to
 * @param userId      its owner, the only user who may pay it
 * @param status      its status when read
 * @param amountCents the amount to charge; not negative
 */
public record OrderSnapshot(String orderId, String activityId, String userId, OrderStatus status, long amountCents) {

    public OrderSnapshot {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(status, "status");
        if (amountCents < 0) {
            throw new IllegalArgumentException("amountCents must not be negative: " + amountCents);
        }
    }
}
