package io.seckill.order;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderPropertiesTest {

    @Test
    void secretIsRequired() {
        assertThatThrownBy(() -> new OrderProperties.Internal(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SECKILL_INTERNAL_SECRET");
    }

    @Test
    void paymentTimeoutMustBePositiveAndWithinTheBrokersLongestDelay() {
        assertThatThrownBy(() -> settings(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payment-timeout");
        assertThatThrownBy(() -> settings(Duration.ofDays(7).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payment-timeout");
        assertThat(settings(Duration.ofDays(7)).paymentTimeout()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void consumersNeedAThreadAPositiveRetryIntervalAndPatienceOfAtLeastOneRetry() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new OrderProperties.Consumers(0, second, second))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> new OrderProperties.Consumers(1, Duration.ZERO, second))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry-interval");
        assertThatThrownBy(() -> new OrderProperties.Consumers(1, second, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown-order-patience");
    }

    private static OrderProperties.OrderSettings settings(Duration paymentTimeout) {
        return new OrderProperties.OrderSettings(paymentTimeout, Duration.ofSeconds(6),
                new OrderProperties.Consumers(3, Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }
}
