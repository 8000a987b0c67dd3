package io.seckill.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The event on {@link io.seckill.common.messaging.Topics#SECKILL_RESERVED}: one unit of an activity is held for an
 * order, which order-service creates from this event. Serialized as JSON with these member names; times as
 * ISO-8601 UTC.
 *
 * @param orderId    the order the unit is reserved for (also the message key); unique
 * @param activityId the seckill activity
 * @param userId     the buyer
 * @param priceCents the price of the unit in cents, at least 0
 * @param reservedAt when the reservation was attempted (the sender's clock)
 */
public record SeckillReserved(String orderId, String activityId, String userId, long priceCents,
                              Instant reservedAt) {

    public SeckillReserved {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reservedAt, "reservedAt");
        if (priceCents < 0) {
            throw new IllegalArgumentException("priceCents must not be negative: " + priceCents);
        }
    }
}
