package io.seckill.gateway.domain;

import java.util.Locale;

/**
 * The two levels of rate limiting and the Redis key of each bucket. Keys put the id in a hash tag so that a bucket
 * lives in one slot of a Redis Cluster; an activity's bucket shares the tag {@code {activityId}} with the activity's
 * other keys ({@code seckill:{42}:stock}).
 */
public enum BucketKind {
    /** Every write of one user, whatever the path. */
    USER,
    /** Every seckill of one activity, whoever sends it: sized to what the backend can take. */
    ACTIVITY;

    /** The bucket's key in Redis (and in the local fallback). */
    public String key(String id) {
        return this == ACTIVITY ? "seckill:{" + id + "}:gateway-bucket" : "seckill:user:{" + id + "}:gateway-bucket";
    }

    /** Lower-case name for metric tags and problem members. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
