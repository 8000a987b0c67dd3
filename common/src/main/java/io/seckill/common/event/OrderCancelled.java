package io.seckill.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The event on {@link io.seckill.common.messaging.Topics#ORDER_CANCELLED}: an order was cancelled, so its unit goes
 * back to the stock and its buyer may buy again.
 *
 * @param orderId     the order (also the message key)
 * @param activityId  the activity whose unit is returned
 * @param userId      the buyer to free
 * @param reason      why, e.g. {@code PAYMENT_TIMEOUT}
 * @param cancelledAt when the order was cancelled
 */
public record OrderCancelled(String orderId, String activityId, String userId, String reason, Instant cancelledAt) {

    /** The reason of a cancellation by the payment deadline. */
    public static final String PAYMENT_TIMEOUT = "PAYMENT_TIMEOUT";

    public OrderCancelled {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(cancelledAt, "cancelledAt");
    }
}
