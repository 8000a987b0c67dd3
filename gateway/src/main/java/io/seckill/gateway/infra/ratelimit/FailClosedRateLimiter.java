package io.seckill.gateway.infra.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.gateway.domain.BucketCheck;
import io.seckill.gateway.domain.BucketKind;
import io.seckill.gateway.domain.LocalTokenBuckets;
import io.seckill.gateway.domain.RateDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The gateway's rate limiter: Redis token buckets shared by all instances, and when Redis fails or is slow, this
 * instance's share of each bucket in memory. It never fails open.
 *
 * <p>{@code redis} answers within its timeout or fails. After a Redis failure every decision is local (no request
 * waits on a dead Redis) until, once per {@code retryAfter}, one request tries Redis again; its success switches
 * back. A request whose Redis call fails is decided locally in full, even if (on a Redis Cluster) its first bucket
 * already answered: in doubt it is charged twice, never let through unlimited. Metrics: counter
 * {@code seckill.gateway.ratelimit.decisions} (tags {@code bucket}, {@code outcome}, {@code store}) and gauge
 * {@code seckill.gateway.ratelimit.local} (1 while deciding locally). Thread-safe.
 */
public final class FailClosedRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(FailClosedRateLimiter.class);
    private static final long REDIS_OK = -1;

    private final RedisTokenBuckets redis;
    private final LocalTokenBuckets local;
    private final int instances;
    private final long retryAfterNanos;
    private final LongSupplier nanoClock;
    // REDIS_OK while Redis decides; otherwise the nanoTime from which the next request may try Redis again.
    private final AtomicLong nextRedisAttempt = new AtomicLong(REDIS_OK);
    private final AtomicReference<Instant> localSince = new AtomicReference<>();
    private final Map<BucketKind, Counter[]> counters = new EnumMap<>(BucketKind.class);

    /**
     * @param instances  how many gateways share each limit (the local bucket is {@code 1/instances} of it)
     * @param retryAfter how long decisions stay local after a Redis failure before Redis is tried again
     */
    public FailClosedRateLimiter(RedisTokenBuckets redis, LocalTokenBuckets local, int instances, Duration retryAfter,
                                 MeterRegistry meters) {
        this.redis = redis;
        this.local = local;
        this.instances = instances;
        this.retryAfterNanos = retryAfter.toNanos();
        this.nanoClock = System::nanoTime;
        for (BucketKind kind : BucketKind.values()) {
            counters.put(kind, new Counter[] {
                    counter(meters, kind, "allowed", "redis"), counter(meters, kind, "denied", "redis"),
                    counter(meters, kind, "allowed", "local"), counter(meters, kind, "denied", "local")});
        }
        Gauge.builder("seckill.gateway.ratelimit.local", () -> isLocal() ? 1 : 0)
                .description("1 while rate limits are decided in this instance's memory because Redis failed")
                .register(meters);
    }

    /**
     * Takes a token from each of {@code checks}' buckets in order, stopping at the first refusal: the decisions of
     * the checks that ran, the last of them the refusal if there was one. Each limit is across all instances.
     */
    public Mono<List<RateDecision>> tryAcquire(List<BucketCheck> checks) {
        if (!mayTryRedis()) {
            return Mono.fromSupplier(() -> decideLocally(checks));
        }
        return redis.tryAcquire(checks)
                .doOnNext(decisions -> {
                    redisSucceeded();
                    count(checks, decisions, false);
                })
                .onErrorResume(failure -> {
                    redisFailed(failure);
                    return Mono.fromSupplier(() -> decideLocally(checks));
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

    private List<RateDecision> decideLocally(List<BucketCheck> checks) {
        List<RateDecision> decisions = new ArrayList<>(checks.size());
        for (BucketCheck check : checks) {
            RateDecision decision = local.tryAcquire(check.key(), check.limit().share(instances));
            decisions.add(decision);
            if (!decision.allowed()) {
                break;
            }
        }
        count(checks, decisions, true);
        return decisions;
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

    private void count(List<BucketCheck> checks, List<RateDecision> decisions, boolean isLocal) {
        for (int i = 0; i < decisions.size(); i++) {
            boolean allowed = decisions.get(i).allowed();
            counters.get(checks.get(i).kind())[(isLocal ? 2 : 0) + (allowed ? 0 : 1)].increment();
        }
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
