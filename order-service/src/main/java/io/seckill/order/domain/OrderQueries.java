package io.seckill.order.domain;

import io.seckill.common.error.ServiceException;

import java.util.List;
import java.util.Objects;

/**
 * What the endpoints may read: a user sees only their own orders (another user's order does not exist for them),
 * admins see per-activity counts, payment-service reads any order. Thread-safe.
 */
public final class OrderQueries {

    private final OrderRepository orders;

    public OrderQueries(OrderRepository orders) {
        this.orders = Objects.requireNonNull(orders, "orders");
    }

    /** The order if {@code userId} owns it; {@code NOT_FOUND} if it does not exist or belongs to someone else. */
    public Order ownedBy(String orderId, String userId) {
        return orders.findById(orderId)
                .filter(order -> order.userId().equals(userId))
                .orElseThrow(() -> ServiceException.notFound("order", orderId));
    }

    /** The user's newest {@code limit} orders, newest first. */
    public List<Order> ofOwner(String userId, int limit) {
        return orders.findByOwner(userId, limit);
    }

    /** Any order; {@code NOT_FOUND} if it does not exist (yet: orders are created asynchronously). */
    public Order byId(String orderId) {
        return orders.findById(orderId).orElseThrow(() -> ServiceException.notFound("order", orderId));
    }

    /**
     * The activity's orders counted. This service does not know activities, only orders: an unknown activity, or one
     * without orders yet, is all zeros, never {@code NOT_FOUND} (inventory-service answers whether it exists).
     */
    public OrderSummary summary(String activityId) {
        return orders.summarize(activityId);
    }
}
