package io.seckill.gateway.infra.ratelimit;

import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.gateway.domain.BucketCheck;
import io.seckill.gateway.domain.BucketKind;
import io.seckill.gateway.domain.BucketLimit;
import io.seckill.gateway.domain.RateDecision;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** How a request's checks are cut into script calls on a single Redis and on a Redis Cluster. */
class RedisTokenBucketsTest {

    private static final BucketLimit LIMIT = new BucketLimit(5, 10);
    private static final BucketCheck USER = BucketCheck.of(BucketKind.USER, "u1", LIMIT);
    private static final BucketCheck ACTIVITY = BucketCheck.of(BucketKind.ACTIVITY, "42", LIMIT);

    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final Queue<Long> allowedAnswers = new ConcurrentLinkedQueue<>();

    /** Answers each check with the next queued allowed flag, honouring the script's skip rule. */
    private final BucketCallBatcher.ScriptCall redis = (keys, args) -> {
        calls.add(keys);
        List<Long> reply = new ArrayList<>();
        long previous = 1;
        for (int i = 0; i < keys.size(); i++) {
            boolean linked = args.get(3 * i + 2).equals("1");
            long allowed = linked && previous != 1 ? -1 : allowedAnswers.remove();
            reply.addAll(List.of(allowed, 0L, allowed == 0 ? 200L : 0L));
            previous = allowed;
        }
        return Mono.just(reply);
    };

    @Test
    void keysOfTheUserAndTheActivityHashToDifferentSlots() {
        assertThat(SlotHash.getSlot(USER.key())).isNotEqualTo(SlotHash.getSlot(ACTIVITY.key()));
    }

    @Test
    void onASingleRedisBothBucketsOfARequestGoInOneCall() {
        RedisTokenBuckets buckets = new RedisTokenBuckets(redis, false, Duration.ofSeconds(1), new SimpleMeterRegistry());
        allowedAnswers.addAll(List.of(1L, 1L));

        List<RateDecision> decisions = buckets.tryAcquire(List.of(USER, ACTIVITY)).block();

        assertThat(calls).containsExactly(List.of(USER.key(), ACTIVITY.key()));
        assertThat(decisions).extracting(RateDecision::allowed).containsExactly(true, true);
    }

    @Test
    void onAClusterTheBucketsOfDifferentSlotsAreTakenOneAfterTheOther() {
        RedisTokenBuckets buckets = new RedisTokenBuckets(redis, true, Duration.ofSeconds(1), new SimpleMeterRegistry());
        allowedAnswers.addAll(List.of(1L, 0L));

        List<RateDecision> decisions = buckets.tryAcquire(List.of(USER, ACTIVITY)).block();

        assertThat(calls).containsExactly(List.of(USER.key()), List.of(ACTIVITY.key()));
        assertThat(decisions).extracting(RateDecision::allowed).containsExactly(true, false);
        assertThat(decisions.getLast().retryAfter()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void onAClusterAUserRefusedByItsBucketNeverReachesTheActivity() {
        RedisTokenBuckets buckets = new RedisTokenBuckets(redis, true, Duration.ofSeconds(1), new SimpleMeterRegistry());
        allowedAnswers.add(0L);

        List<RateDecision> decisions = buckets.tryAcquire(List.of(USER, ACTIVITY)).block();

        assertThat(calls).containsExactly(List.of(USER.key()));
        assertThat(decisions).extracting(RateDecision::allowed).containsExactly(false);
    }
}
