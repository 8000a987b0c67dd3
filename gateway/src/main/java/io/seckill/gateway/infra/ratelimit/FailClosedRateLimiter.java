package io.seckill.gateway.infra.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.gateway.domain.BucketKind;
import io.seckill.gateway.domain.BucketLimit;
import io.seckill.gateway.domain.LocalTokenBuckets;
import io.seckill.gateway.domain.RateDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The gateway's rate limiter: Redis token buckets shared by all instances, and when Redis fails or is slow, this
 * instance's share of each bucket in memory. It never fails open.
 *
 * <p>After a Redis failure every decision is local (no request waits on a dead Redis) until, once per
 * {@code retryAfter}, one request tries Redis again; its success switches back. Metrics: counter
 * {@code seckill.gateway.ratelimit.decisions} (tags {@code bucket}, {@code outcome}, {@code store}) and gauge
 * {@code seckill.gateway.ratelimit.local} (1 while deciding locally). Thread-safe.
 */
public final class FailClosedRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(FailClosedRateLimiter.class);
    private static final long REDIS_OK = -1;

    private final RedisTokenBuckets redis;
    private final LocalTokenBuckets local;
    private final int instances;
    private final Duration timeout;
    private final long retryAfterNanos;
    private final LongSupplier nanoClock;
    // REDIS_OK while Redis decides; otherwise the nanoTime from which the next request may try Redis again.
    private final AtomicLong nextRedisAttempt = new AtomicLong(REDIS_OK);
    private final AtomicReference<Instant> localSince = new AtomicReference<>();
    private final Map<BucketKind, Counter[]> decisions = new EnumMap<>(BucketKind.class);

    /**
     * @param instances  how many gateways share each limit (the local bucket is {@code 1/instances} of it)
     * @param timeout    how long a decision waits for Redis
     * @param retryAfter how long decisions stay local after a Redis failure before Redis is tried again
     */
    public FailClosedRateLimiter(RedisTokenBuckets redis, LocalTokenBuckets local, int instances, Duration timeout,
                                 Duration retryAfter, MeterRegistry meters) {
        this.redis = redis;
        this.local = local;
        this.instances = instances;
        this.timeout = timeout;
        this.retryAfterNanos = retryAfter.toNanos();
        this.nanoClock = System::nanoTime;
        for (BucketKind kind : BucketKind.values()) {
            decisions.put(kind, new Counter[] {
                    counter(meters, kind, "allowed", "redis"), counter(meters, kind, "denied", "redis"),
                    counter(meters, kind, "allowed", "local"), counter(meters, kind, "denied", "local")});
        }
        Gauge.builder("seckill.gateway.ratelimit.local", () -> isLocal() ? 1 : 0)
                .description("1 while rate limits are decided in this instance's memory because Redis failed")
                .register(meters);
    }

    /** Takes a token from the {@code kind} bucket of {@code id}, sized {@code limit} across all instances. */
    public Mono<RateDecision> tryAcquire(BucketKind kind, String id, BucketLimit limit) {
        String key = kind.key(id);
        if (!mayTryRedis()) {
            return Mono.fromSupplier(() -> decideLocally(kind, key, limit));
        }
        return redis.tryAcquire(key, limit)
                .timeout(timeout)
                .doOnNext(decision -> {
                    redisSucceeded();
                    count(kind, decision, false);
                })
                .onErrorResume(failure -> {
                    redisFailed(failure);
                    return Mono.fromSupplier(() -> decideLocally(kind, key, limit));
                });
    }

    /** Whether decisions are currently local (Redis failed and has not answered since). */
    public boolean isLocal() {
        return nextRedisAttempt.get() != REDIS_OK;
    }

    /** Since when decisions are local, if they are. */
    public Instant localSince() {
        return localSince.get();
    }

    private RateDecision decideLocally(BucketKind kind, String key, BucketLimit limit) {
        RateDecision decision = local.tryAcquire(key, limit.share(instances));
        count(kind, decision, true);
        return decision;
    }

    /** Redis is tried while healthy, and after a failure by one request per retry interval. */
    private boolean mayTryRedis() {
        long next = nextRedisAttempt.get();
        if (next == REDIS_OK) {
            return true;
        }
        long now = nanoClock.getAsLong();
        return now - next >= 0 && nextRedisAttempt.compareAndSet(next, now + retryAfterNanos);
    }

    private void redisSucceeded() {
        if (nextRedisAttempt.getAndSet(REDIS_OK) != REDIS_OK) {
            localSince.set(null);
            log.warn("Redis answers again: rate limits are shared across instances again");
        }
    }

    private void redisFailed(Throwable failure) {
        long next = nanoClock.getAsLong() + retryAfterNanos;
        if (nextRedisAttempt.getAndSet(next) == REDIS_OK) {
            localSince.set(Instant.now());
            log.warn("Redis failed ({}): rate limits fall back to this instance's 1/{} share in memory",
                    failure.toString(), instances);
        }
    }

    private void count(BucketKind kind, RateDecision decision, boolean isLocal) {
        decisions.get(kind)[(isLocal ? 2 : 0) + (decision.allowed() ? 0 : 1)].increment();
    }

    private static Counter counter(MeterRegistry meters, BucketKind kind, String outcome, String store) {
        return Counter.builder("seckill.gateway.ratelimit.decisions")
                .description("Rate limit decisions by bucket level, outcome and where they were taken")
                .tag("bucket", kind.tag())
                .tag("outcome", outcome)
                .tag("store", store)
                .register(meters);
    }
}
