package io.seckill.inventory.infra.redis;

import java.util.Objects;

/**
 * The one place that spells the Redis key names of an activity's hot state.
 *
 * <p>All keys of one activity share the hash tag {@code {activityId}} ({@code seckill:{42}:stock}), so they live
 * in one Redis Cluster slot and one script may touch them all. The shapes of the values are stated in
 * {@code redis/reserve.lua}.
 *
 * @param meta         hash of the sale settings: initialStock, startsAtMs, endsAtMs, perUserLimit
 * @param stock        units not reserved
 * @param buyers       hash userId → units the user holds
 * @param reservations hash orderId → userId, one field per live reservation
 */
public record RedisKeys(String meta, String stock, String buyers, String reservations) {

    private static final String PREFIX = "seckill:";

    /** The keys of one activity; the id may not contain braces, which would move the hash tag. */
    public static RedisKeys forActivity(String activityId) {
        Objects.requireNonNull(activityId, "activityId");
        if (activityId.isBlank() || activityId.indexOf('{') >= 0 || activityId.indexOf('}') >= 0) {
            throw new IllegalArgumentException("activityId must be non-blank and free of braces: '" + activityId + "'");
        }
        String tagged = PREFIX + "{" + activityId + "}:";
        return new RedisKeys(tagged + "meta", tagged + "stock", tagged + "buyers", tagged + "reservations");
    }
}
