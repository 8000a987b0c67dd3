package io.seckill.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The event on {@link io.seckill.common.messaging.Topics#ORDER_PAYMENT_TIMEOUT}: the payment deadline of an order,
 * delivered when it is due. The order is cancelled if it is still unpaid then.
 *
 * @param orderId    the order (also the message key)
 * @param activityId the activity the order's unit belongs to
 * @param userId     the buyer
 * @param dueAt      the deadline (created + payment timeout)
 */
public record OrderPaymentTimeout(String orderId, String activityId, String userId, Instant dueAt) {

    public OrderPaymentTimeout {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(dueAt, "dueAt");
    }
}
