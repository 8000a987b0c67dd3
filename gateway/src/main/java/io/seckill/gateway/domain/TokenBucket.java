package io.seckill.gateway.domain;

import java.time.Duration;

/**
 * One in-memory token bucket: the same arithmetic as the Redis script {@code token_bucket.lua}, on this process's
 * monotonic clock. It starts full; tokens accrue continuously (not per whole second) up to the burst.
 *
 * <p>Thread-safe: {@link #tryTake} is synchronized, which is cheap because each bucket belongs to one key.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private BucketLimit limit;
    private double tokens;
    private long lastNanos;

    TokenBucket(BucketLimit limit, long nowNanos) {
        this.limit = limit;
        this.tokens = limit.burst();
        this.lastNanos = nowNanos;
    }

    /** Refills for the time since the last call, then takes one token if there is one; {@code limit} may change. */
    synchronized RateDecision tryTake(BucketLimit limit, long nowNanos) {
        this.limit = limit;
        long elapsed = Math.max(0, nowNanos - lastNanos);
        tokens = Math.min(limit.burst(), tokens + elapsed / NANOS_PER_SECOND * limit.ratePerSecond());
        lastNanos = Math.max(lastNanos, nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return new RateDecision(true, (long) tokens, Duration.ZERO, limit);
        }
        long waitNanos = (long) Math.ceil((1 - tokens) / limit.ratePerSecond() * NANOS_PER_SECOND);
        return new RateDecision(false, 0, Duration.ofNanos(waitNanos), limit);
    }

    /** Whether the bucket has been idle long enough to be full again, so forgetting it changes nothing. */
    synchronized boolean isFullAt(long nowNanos) {
        double refill = (nowNanos - lastNanos) / NANOS_PER_SECOND * limit.ratePerSecond();
        return tokens + refill >= limit.burst();
    }
}
