package io.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadProfileTest {

    @Test
    void burstSendsEveryUserOnceAllAtTheStart() {
        LoadProfile burst = new LoadProfile.Burst(5_000);

        assertThat(burst.requests()).isEqualTo(5_000);
        assertThat(IntStream.range(0, 5_000).mapToLong(burst::offsetNanos).distinct()).containsExactly(0L);
        Set<Integer> users = new HashSet<>();
        IntStream.range(0, 5_000).forEach(i -> users.add(burst.userOf(i)));
        assertThat(users).hasSize(5_000);
    }

    @Test
    void sustainedSpacesRequestsEvenlyAtTheRateForTheDuration() {
        LoadProfile sustained = new LoadProfile.Sustained(100, 250, Duration.ofSeconds(4));

        assertThat(sustained.requests()).isEqualTo(1_000);
        assertThat(sustained.offsetNanos(0)).isZero();
        assertThat(sustained.offsetNanos(1)).isEqualTo(4_000_000);
        assertThat(sustained.offsetNanos(250)).isEqualTo(1_000_000_000);
        assertThat(sustained.offsetNanos(999)).isLessThan(Duration.ofSeconds(4).toNanos());
    }

    @Test
    void sustainedUsersTakeTurnsSoEachSendsEveryUsersOverRateSeconds() {
        LoadProfile sustained = new LoadProfile.Sustained(3, 10, Duration.ofSeconds(1));

        assertThat(IntStream.range(0, 7).map(sustained::userOf)).containsExactly(0, 1, 2, 0, 1, 2, 0);
        long gapOfUser0 = sustained.offsetNanos(3) - sustained.offsetNanos(0);
        assertThat(gapOfUser0).isEqualTo(300_000_000);
    }

    @Test
    void fractionalRatesKeepTheirSpacing() {
        LoadProfile slow = new LoadProfile.Sustained(1, 0.5, Duration.ofSeconds(10));

        assertThat(slow.requests()).isEqualTo(5);
        assertThat(slow.offsetNanos(2)).isEqualTo(4_000_000_000L);
    }

    @Test
    void profilesRejectNonsense() {
        assertThatThrownBy(() -> new LoadProfile.Burst(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadProfile.Sustained(1, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadProfile.Sustained(1, 10, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsReadAsPeopleTypeThem() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("pt20s")).isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> Durations.parse("soon")).isInstanceOf(IllegalArgumentException.class);
    }
}
