package io.seckill.gateway.domain;

import java.time.Duration;

/**
 * One token bucket's answer to one request.
 *
 * @param allowed    whether a token was taken
 * @param remaining  whole tokens left after this request
 * @param retryAfter for a denied request, how long until the next token; zero when allowed
 * @param limit      the bucket's size that decided (the local share while Redis is unreachable)
 */
public record RateDecision(boolean allowed, long remaining, Duration retryAfter, BucketLimit limit) {

    /** Retry-After in whole seconds as HTTP wants it, rounded up and at least 1. */
    public long retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
