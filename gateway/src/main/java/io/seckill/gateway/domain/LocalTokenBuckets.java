package io.seckill.gateway.domain;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Token buckets in this process's memory, keyed like the Redis ones: the limiter's fallback while Redis is
 * unreachable, so that an outage never lets everything through.
 *
 * <p>Memory stays bounded by forgetting buckets that have refilled completely (forgetting a full bucket is
 * invisible to clients): once more than {@code sweepAboveKeys} buckets exist, every acquire that adds a key sweeps.
 * Thread-safe.
 */
public final class LocalTokenBuckets {

    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final int sweepAboveKeys;
    private final LongSupplier nanoClock;

    /** Buckets on {@link System#nanoTime()}. */
    public LocalTokenBuckets(int sweepAboveKeys) {
        this(sweepAboveKeys, System::nanoTime);
    }

    /** Buckets on the given monotonic clock (nanoseconds), for tests. */
    public LocalTokenBuckets(int sweepAboveKeys, LongSupplier nanoClock) {
        if (sweepAboveKeys < 1) {
            throw new IllegalArgumentException("sweepAboveKeys must be at least 1: " + sweepAboveKeys);
        }
        this.sweepAboveKeys = sweepAboveKeys;
        this.nanoClock = nanoClock;
    }

    /** Takes a token from the bucket {@code key} of size {@code limit}, creating it full if it is new. */
    public RateDecision tryAcquire(String key, BucketLimit limit) {
        long now = nanoClock.getAsLong();
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= sweepAboveKeys) {
                sweep(now);
            }
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now));
        }
        return bucket.tryTake(limit, now);
    }

    /** How many buckets are held now. */
    public int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        buckets.forEach((key, bucket) -> {
            if (bucket.isFullAt(now)) {
                buckets.remove(key, bucket);
            }
        });
    }
}
