package io.seckill.gateway.infra.ratelimit;

import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.seckill.gateway.domain.BucketCheck;
import io.seckill.gateway.domain.RateDecision;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets in Redis, shared by every gateway instance: {@code redis/token_buckets.lua} takes the tokens of many
 * concurrent requests in one call ({@link BucketCallBatcher}). Errors (Redis down, script failure, no answer in
 * time) reach the caller, who must not fail open.
 *
 * <p>On a single Redis every check goes into one stream of calls. On a Redis Cluster one call may only touch keys
 * of one slot, so there is a stream per slot, and a request whose buckets live in different slots (a user's and an
 * activity's) takes them one after the other. Metric: summary {@code seckill.gateway.ratelimit.redis.call.checks}
 * (checks per call). Thread-safe.
 */
public final class RedisTokenBuckets {

    /** Checks sent in one script call at most: keeps each call, which blocks Redis while it runs, short. */
    static final int MAX_CHECKS_PER_CALL = 256;

    private static final int SINGLE_NODE = -1;

    private final BucketCallBatcher.ScriptCall call;
    private final boolean cluster;
    private final Duration decisionTimeout;
    private final DistributionSummary callSizes;
    // One daemon thread ticking every 10 ms for every batcher's backstop; scheduling and cancelling cost O(1).
    private final HashedWheelTimer backstop = new HashedWheelTimer(
            new DefaultThreadFactory("ratelimit-backstop", true), 10, TimeUnit.MILLISECONDS);
    private final ConcurrentMap<Integer, BucketCallBatcher> batchers = new ConcurrentHashMap<>();

    /**
     * Buckets in the Redis of {@code connections} ({@link LettuceBucketScript}).
     *
     * @param cluster         whether that Redis is a Redis Cluster (calls are then grouped by slot)
     * @param decisionTimeout how long a request may wait for its buckets' call, queueing included, before it fails
     */
    public RedisTokenBuckets(LettuceConnectionFactory connections, boolean cluster, Duration decisionTimeout,
                             MeterRegistry meters) {
        this(new LettuceBucketScript(connections), cluster, decisionTimeout, meters);
    }

    RedisTokenBuckets(BucketCallBatcher.ScriptCall call, boolean cluster, Duration decisionTimeout,
                      MeterRegistry meters) {
        this.call = call;
        this.cluster = cluster;
        this.decisionTimeout = decisionTimeout;
        this.callSizes = DistributionSummary.builder("seckill.gateway.ratelimit.redis.call.checks")
                .description("Bucket checks sent in one Redis call (concurrent requests share calls)")
                .register(meters);
    }

    /**
     * Takes a token from each of {@code checks}' buckets in order, stopping at the first refusal: the decisions of
     * the checks that ran, the last of them the refusal if there was one.
     */
    public Mono<List<RateDecision>> tryAcquire(List<BucketCheck> checks) {
        List<List<BucketCheck>> runs = runsBySlotGroup(checks);
        if (runs.size() <= 1) {
            return runs.isEmpty() ? Mono.just(List.of()) : batcher(runs.getFirst()).submit(runs.getFirst());
        }
        Mono<List<RateDecision>> decided = Mono.just(List.of());
        for (List<BucketCheck> run : runs) {
            decided = decided.flatMap(before -> !before.isEmpty() && !before.getLast().allowed()
                    ? Mono.just(before)
                    : batcher(run).submit(run).map(after -> concat(before, after)));
        }
        return decided;
    }

    /** {@code checks} cut where the slot group changes: each run can go into one script call. */
    private List<List<BucketCheck>> runsBySlotGroup(List<BucketCheck> checks) {
        List<List<BucketCheck>> runs = new ArrayList<>();
        int runStart = 0;
        for (int i = 1; i <= checks.size(); i++) {
            if (i == checks.size() || group(checks.get(i).key()) != group(checks.get(runStart).key())) {
                runs.add(checks.subList(runStart, i));
                runStart = i;
            }
        }
        return runs;
    }

    private int group(String key) {
        return cluster ? SlotHash.getSlot(key) : SINGLE_NODE;
    }

    private BucketCallBatcher batcher(List<BucketCheck> run) {
        return batchers.computeIfAbsent(group(run.getFirst().key()),
                g -> new BucketCallBatcher(call, MAX_CHECKS_PER_CALL, decisionTimeout, backstop, callSizes::record));
    }

    private static List<RateDecision> concat(List<RateDecision> first, List<RateDecision> second) {
        List<RateDecision> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
