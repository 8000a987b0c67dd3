package io.seckill.order.api;

import io.seckill.order.domain.Order;

import java.time.Instant;

/**
 * An order as clients and payment-service see it (API.md): ids as strings, money in cents, ISO-8601 UTC times,
 * {@code paidAt}/{@code cancelledAt} null until they happen; {@code status} ∈ PENDING_PAYMENT, PAID, CANCELLED.
 */
public record OrderResponse(String orderId, String activityId, String userId, String status, long amountCents,
                            Instant createdAt, Instant paidAt, Instant cancelledAt) {

    static OrderResponse of(Order order) {
        return new OrderResponse(order.orderId(), order.activityId(), order.userId(), order.status().name(),
                order.amountCents(), order.createdAt(), order.paidAt(), order.cancelledAt());
    }
}
