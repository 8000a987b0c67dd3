package io.seckill.inventory.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoldOutFlagsTest {

    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L);
    private final SoldOutFlags flags = new SoldOutFlags(Duration.ofSeconds(1), nanos::get);

    @Test
    void activityIsSoldOutOnlyAfterBeingMarkedAndOnlyForTheRecheckPeriod() {
        assertThat(flags.isSoldOut("a")).isFalse();

        flags.markSoldOut("a");

        assertThat(flags.isSoldOut("a")).isTrue();
        assertThat(flags.isSoldOut("b")).isFalse();
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(flags.isSoldOut("a")).isTrue();
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(flags.isSoldOut("a")).isFalse();
    }

    @Test
    void markingAgainExtendsTheFlag() {
        flags.markSoldOut("a");
        nanos.addAndGet(Duration.ofMillis(800).toNanos());
        flags.markSoldOut("a");
        nanos.addAndGet(Duration.ofMillis(800).toNanos());

        assertThat(flags.isSoldOut("a")).isTrue();
    }

    @Test
    void onlyTheMarkThatStartsAFlagIsNew() {
        assertThat(flags.markSoldOut("a")).isTrue();
        assertThat(flags.markSoldOut("a")).isFalse();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(flags.markSoldOut("a")).as("the flag had expired").isTrue();
    }

    @Test
    void clearingForgetsTheFlagAtOnce() {
        flags.markSoldOut("a");

        flags.clear("a");

        assertThat(flags.isSoldOut("a")).isFalse();
        assertThat(flags.markSoldOut("a")).isTrue();
    }

    @Test
    void recheckPeriodMustBePositive() {
        assertThatThrownBy(() -> new SoldOutFlags(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
