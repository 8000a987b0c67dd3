package io.seckill.gateway.domain;

import java.util.Objects;

/**
 * One token to take for a request: from the {@code kind} bucket stored under {@code key}, sized {@code limit}.
 * A request's checks run in order and stop at the first refusal.
 *
 * @param kind  the level (user or activity), for the refusal and the metrics
 * @param key   the bucket's key in Redis and in the local fallback ({@link BucketKind#key})
 * @param limit the bucket's size across all gateway instances
 */
public record BucketCheck(BucketKind kind, String key, BucketLimit limit) {

    public BucketCheck {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
    }

    /** The check of {@code kind}'s bucket for {@code id}. */
    public static BucketCheck of(BucketKind kind, String id, BucketLimit limit) {
        return new BucketCheck(kind, kind.key(id), limit);
    }
}
