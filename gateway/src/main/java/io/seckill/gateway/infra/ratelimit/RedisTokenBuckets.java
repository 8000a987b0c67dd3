package io.seckill.gateway.infra.ratelimit;

import io.seckill.gateway.domain.BucketLimit;
import io.seckill.gateway.domain.RateDecision;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * Token buckets in Redis: one call of {@code redis/token_bucket.lua} per decision, so that every gateway instance
 * draws from the same buckets. Errors (Redis down, script failure) reach the caller, who must not fail open.
 * Thread-safe.
 */
public final class RedisTokenBuckets {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT =
            RedisScript.of(new ClassPathResource("redis/token_bucket.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;

    /** Buckets reached through {@code redis} (evalsha, falling back to eval after a Redis restart). */
    public RedisTokenBuckets(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Takes a token from the bucket {@code key} of size {@code limit}. */
    public Mono<RateDecision> tryAcquire(String key, BucketLimit limit) {
        List<String> args = List.of(Double.toString(limit.ratePerSecond()), Integer.toString(limit.burst()));
        return redis.execute(SCRIPT, List.of(key), args)
                .next()
                .map(reply -> decision(reply, limit));
    }

    private static RateDecision decision(List<?> reply, BucketLimit limit) {
        if (reply.size() != 3) {
            throw new IllegalStateException("unexpected token bucket reply of " + reply.size() + " elements");
        }
        boolean allowed = number(reply.get(0)) == 1;
        return new RateDecision(allowed, number(reply.get(1)), Duration.ofMillis(number(reply.get(2))), limit);
    }

    private static long number(Object element) {
        return ((Number) element).longValue();
    }
}
