package io.seckill.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Objects;

/**
 * The order service's settings under {@code seckill.*}; defaults are documented in {@code application.yml}.
 *
 * @param internal how the service recognises the gateway (and payment-service)
 * @param order    the order life and its consumers
 */
@ConfigurationProperties(prefix = "seckill")
public record OrderProperties(@DefaultValue Internal internal, @DefaultValue OrderSettings order) {

    /** The longest delay the broker's coordinator accepts (its {@code coordinator.delay.max.ms} default). */
    static final Duration MAX_PAYMENT_TIMEOUT = Duration.ofDays(7);

    /**
     * @param secret the shared secret the gateway sends in {@code X-Internal-Auth}; non-blank
     */
    public record Internal(String secret) {
        public Internal {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("seckill.internal.secret must be set (SECKILL_INTERNAL_SECRET)");
            }
        }
    }

    /**
     * @param paymentTimeout how long an order waits for its payment before it is cancelled; positive, at most 7 days
     * @param checkBackAfter when the broker first asks about a half message of this service left undecided; its
     *                       local transaction must commit within half of this; positive
     * @param consumers      how the event consumers run
     */
    public record OrderSettings(@DefaultValue("PT15M") Duration paymentTimeout,
                                @DefaultValue("PT6S") Duration checkBackAfter,
                                @DefaultValue Consumers consumers) {
        public OrderSettings {
            requirePositive("seckill.order.payment-timeout", paymentTimeout);
            if (paymentTimeout.compareTo(MAX_PAYMENT_TIMEOUT) > 0) {
                throw new IllegalArgumentException("seckill.order.payment-timeout must be at most "
                        + MAX_PAYMENT_TIMEOUT + ": " + paymentTimeout);
            }
            requirePositive("seckill.order.check-back-after", checkBackAfter);
        }
    }

    /**
     * @param concurrency          consumer threads per topic on this instance (more than the partitions idle);
     *                             at least 1
     * @param retryInterval        how long a failed record waits before it is retried; positive
     * @param unknownOrderPatience how long a record naming an unknown order is retried before it is skipped; at
     *                             least {@code retryInterval}
     */
    public record Consumers(@DefaultValue("3") int concurrency, @DefaultValue("PT1S") Duration retryInterval,
                            @DefaultValue("PT1M") Duration unknownOrderPatience) {
        public Consumers {
            if (concurrency < 1) {
                throw new IllegalArgumentException("seckill.order.consumers.concurrency must be at least 1: "
                        + concurrency);
            }
            requirePositive("seckill.order.consumers.retry-interval", retryInterval);
            requirePositive("seckill.order.consumers.unknown-order-patience", unknownOrderPatience);
            if (unknownOrderPatience.compareTo(retryInterval) < 0) {
                throw new IllegalArgumentException("seckill.order.consumers.unknown-order-patience must be at least"
                        + " the retry interval " + retryInterval + ": " + unknownOrderPatience);
            }
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
