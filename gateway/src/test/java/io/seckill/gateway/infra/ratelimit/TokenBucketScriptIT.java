package io.seckill.gateway.infra.ratelimit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.common.id.Ids;
import io.seckill.gateway.domain.BucketCheck;
import io.seckill.gateway.domain.BucketKind;
import io.seckill.gateway.domain.BucketLimit;
import io.seckill.gateway.domain.RateDecision;
import io.seckill.testsupport.ConcurrentCalls;
import io.seckill.testsupport.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code token_buckets.lua} through the batcher against the real redis-server of test-support. */
class TokenBucketScriptIT {

    private static LettuceConnectionFactory connections;
    private static ReactiveStringRedisTemplate redis;
    private static RedisTokenBuckets buckets;

    @BeforeAll
    static void connect() {
        connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.shared().port()));
        connections.afterPropertiesSet();
        redis = new ReactiveStringRedisTemplate(connections);
        buckets = new RedisTokenBuckets(connections, false, Duration.ofSeconds(5), new SimpleMeterRegistry());
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Test
    void concurrentRequestsOnOneBucketGetExactlyItsBurst() {
        BucketCheck activity = BucketCheck.of(BucketKind.ACTIVITY, Ids.next(), new BucketLimit(0.001, 50));

        List<Boolean> allowed = ConcurrentCalls.run(400, 16, i -> buckets.tryAcquire(List.of(activity))
                .block(Duration.ofSeconds(5)).getLast().allowed());

        assertThat(allowed.stream().filter(a -> a).count()).isEqualTo(50);
    }

    @Test
    void userRefusedByItsBucketTakesNothingFromTheActivity() {
        BucketLimit oneToken = new BucketLimit(0.001, 1);
        BucketCheck user = BucketCheck.of(BucketKind.USER, Ids.next(), oneToken);
        BucketCheck activity = BucketCheck.of(BucketKind.ACTIVITY, Ids.next(), new BucketLimit(0.001, 10));

        assertThat(buckets.tryAcquire(List.of(user, activity)).block()).extracting(RateDecision::allowed)
                .containsExactly(true, true);
        List<RateDecision> refused = buckets.tryAcquire(List.of(user, activity)).block();

        assertThat(refused).singleElement().satisfies(d -> {
            assertThat(d.allowed()).isFalse();
            assertThat(d.retryAfter()).isGreaterThan(Duration.ofSeconds(900));
        });
        String tokens = redis.opsForHash().get(activity.key(), "tokens").cast(String.class).block();
        assertThat(Double.parseDouble(tokens)).isEqualTo(9.0);
    }

    @Test
    void bucketRefillsContinuouslyAndItsKeyExpiresWhenItWouldBeFullAgain() throws InterruptedException {
        BucketCheck user = BucketCheck.of(BucketKind.USER, Ids.next(), new BucketLimit(10, 2));
        buckets.tryAcquire(List.of(user)).block();
        buckets.tryAcquire(List.of(user)).block();
        RateDecision empty = buckets.tryAcquire(List.of(user)).block().getLast();
        assertThat(empty.allowed()).isFalse();
        assertThat(empty.retryAfter()).isBetween(Duration.ofMillis(1), Duration.ofMillis(100));

        Thread.sleep(150);
        assertThat(buckets.tryAcquire(List.of(user)).block().getLast().allowed()).isTrue();
        Long ttlMs = redis.getExpire(user.key()).block().toMillis();
        assertThat(ttlMs).isBetween(1L, 200L + 1000L);
    }

    @Test
    void scriptIsLoadedAgainAfterRedisForgotIt() {
        BucketCheck user = BucketCheck.of(BucketKind.USER, Ids.next(), new BucketLimit(1, 5));
        buckets.tryAcquire(List.of(user)).block();
        redis.execute(connection -> connection.scriptingCommands().scriptFlush()).blockLast();

        assertThat(buckets.tryAcquire(List.of(user)).block().getLast().remaining()).isEqualTo(3);
    }
}
