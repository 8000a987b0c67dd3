package io.seckill.gateway.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LocalTokenBucketsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final LocalTokenBuckets buckets = new LocalTokenBuckets(2, nanos::get);
    private final BucketLimit limit = new BucketLimit(2, 3);

    @Test
    void fullBucketAllowsTheBurstThenRefusesWithTheTimeToTheNextToken() {
        for (int i = 2; i >= 0; i--) {
            RateDecision decision = buckets.tryAcquire("k", limit);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(i);
        }
        RateDecision refused = buckets.tryAcquire("k", limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void tokensAccrueContinuouslyNotPerWholeSecond() {
        for (int i = 0; i < 3; i++) {
            buckets.tryAcquire("k", limit);
        }
        nanos.addAndGet(Duration.ofMillis(499).toNanos());
        assertThat(buckets.tryAcquire("k", limit).allowed()).isFalse();
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(buckets.tryAcquire("k", limit).allowed()).isTrue();
    }

    @Test
    void refillNeverExceedsTheBurst() {
        buckets.tryAcquire("k", limit);
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(buckets.tryAcquire("k", limit).remaining()).isEqualTo(2);
    }

    @Test
    void bucketsAreIndependentPerKey() {
        for (int i = 0; i < 3; i++) {
            buckets.tryAcquire("a", limit);
        }
        assertThat(buckets.tryAcquire("a", limit).allowed()).isFalse();
        assertThat(buckets.tryAcquire("b", limit).allowed()).isTrue();
    }

    @Test
    void refilledBucketsAreForgottenOnceTooManyAreHeld() {
        buckets.tryAcquire("a", limit);
        buckets.tryAcquire("b", limit);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        buckets.tryAcquire("c", limit);
        assertThat(buckets.size()).isEqualTo(1);
    }

    @Test
    void shareDividesRateAndBurstAmongInstancesButKeepsOneToken() {
        assertThat(new BucketLimit(100, 50).share(4)).isEqualTo(new BucketLimit(25, 12));
        assertThat(new BucketLimit(1, 2).share(4)).isEqualTo(new BucketLimit(0.25, 1));
    }
}
