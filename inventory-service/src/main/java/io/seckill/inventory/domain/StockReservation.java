package io.seckill.inventory.domain;

import java.util.Objects;

/**
 * One user's claim on one unit of an activity, named by the order it will become.
 *
 * <p>The order id is generated before the attempt (it is the half message's transaction id), so a retried attempt
 * carries the same id and the reservation stays idempotent.
 *
 * @param activityId the seckill activity
 * @param userId     the buyer
 * @param orderId    the order the unit is reserved for; unique across all activities
 */
public record StockReservation(String activityId, String userId, String orderId) {

    public StockReservation {
        requireText(activityId, "activityId");
        requireText(userId, "userId");
        requireText(orderId, "orderId");
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
