package io.seckill.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The event on {@link io.seckill.common.messaging.Topics#SECKILL_SOLD_OUT}: the hot stock of an activity was found
 * empty by one inventory-service instance.
 *
 * @param activityId the activity (also the message key)
 * @param soldOutAt  when the instance saw the stock empty (its clock)
 */
public record ActivitySoldOut(String activityId, Instant soldOutAt) {

    public ActivitySoldOut {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(soldOutAt, "soldOutAt");
    }
}
