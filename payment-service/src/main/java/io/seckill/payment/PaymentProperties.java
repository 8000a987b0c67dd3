package io.seckill.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The payment service's settings under {@code seckill.*}; defaults are documented in {@code application.yml}.
 *
 * @param internal how the service recognises the gateway (and proves itself to order-service)
 * @param payment  the order-service client, the payment provider, charging and refunds
 */
@ConfigurationProperties(prefix = "seckill")
public record PaymentProperties(@DefaultValue Internal internal, @DefaultValue PaymentSettings payment) {

    /**
     * @param secret the shared secret the gateway sends in {@code X-Internal-Auth}, and this service sends to
     *               order-service's internal paths; non-blank
     */
    public record Internal(String secret) {
        public Internal {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("seckill.internal.secret must be set (SECKILL_INTERNAL_SECRET)");
            }
        }
    }

    /**
     * @param orderService how orders are read from order-service
     * @param provider     the simulated payment provider and the resilience of its calls
     * @param charge       how concurrent payments of one order are kept to one charge
     * @param refunds      how the {@code payment.refund-requested} consumer runs
     */
    public record PaymentSettings(@DefaultValue OrderService orderService, @DefaultValue Provider provider,
                                  @DefaultValue Charge charge, @DefaultValue Refunds refunds) {
        public PaymentSettings {
            Duration worstCharge = provider.worstCase();
            if (charge.lease().compareTo(worstCharge) <= 0) {
                throw new IllegalArgumentException("seckill.payment.charge.lease (" + charge.lease()
                        + ") must exceed the longest provider call with its retries (" + worstCharge + ")");
            }
        }
    }

    /**
     * @param url            base URL of order-service (its {@code /internal/orders/{id}} is read); absolute http(s)
     * @param connectTimeout TCP connect timeout; positive
     * @param timeout        time limit of one attempt (Resilience4j TimeLimiter); positive
     * @param retry          retries of I/O failures, timeouts and 5xx (never of a 404)
     * @param circuitBreaker when to stop calling a failing order-service
     * @param bulkhead       how many reads may be in flight at once
     */
    public record OrderService(@DefaultValue("http://127.0.0.1:8082") URI url,
                               @DefaultValue("PT1S") Duration connectTimeout, @DefaultValue("PT2S") Duration timeout,
                               @DefaultValue Retry retry, @DefaultValue CircuitBreaker circuitBreaker,
                               @DefaultValue Bulkhead bulkhead) {
        public OrderService {
            Objects.requireNonNull(url, "seckill.payment.order-service.url");
            if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("seckill.payment.order-service.url must be an absolute http(s) URL: "
                        + url);
            }
            requirePositive("seckill.payment.order-service.connect-timeout", connectTimeout);
            requirePositive("seckill.payment.order-service.timeout", timeout);
        }
    }

    /**
     * @param latency        how long each simulated provider call takes; not negative
     * @param failureRate    share of provider calls that fail, in [0, 1]
     * @param lostReplyShare share of those failures that happen after the provider booked the call (the reply is
     *                       lost: the caller cannot tell it was charged), in [0, 1]
     * @param timeout        time limit of one provider call (TimeLimiter); positive
     * @param retry          retries of failed or timed-out provider calls, with the same idempotency key
     */
    public record Provider(@DefaultValue("PT0.05S") Duration latency, @DefaultValue("0") double failureRate,
                           @DefaultValue("0.5") double lostReplyShare, @DefaultValue("PT2S") Duration timeout,
                           @DefaultValue Retry retry) {
        public Provider {
            Objects.requireNonNull(latency, "seckill.payment.provider.latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("seckill.payment.provider.latency must not be negative: " + latency);
            }
            requireShare("seckill.payment.provider.failure-rate", failureRate);
            requireShare("seckill.payment.provider.lost-reply-share", lostReplyShare);
            requirePositive("seckill.payment.provider.timeout", timeout);
        }

        /** The longest a charge can take: every attempt timing out, with the backoffs between them. */
        public Duration worstCase() {
            return timeout.multipliedBy(retry.maxAttempts()).plus(retry.totalBackoff());
        }
    }

    /**
     * @param maxAttempts    attempts including the first; at least 1
     * @param initialBackoff wait before the second attempt; positive
     * @param multiplier     each further wait is the previous one times this; at least 1
     */
    public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("PT0.1S") Duration initialBackoff,
                        @DefaultValue("2") double multiplier) {
        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("retry.max-attempts must be at least 1: " + maxAttempts);
            }
            requirePositive("retry.initial-backoff", initialBackoff);
            if (!(multiplier >= 1)) {
                throw new IllegalArgumentException("retry.multiplier must be at least 1: " + multiplier);
            }
        }

        /** The sum of the waits between all attempts. */
        public Duration totalBackoff() {
            double millis = 0;
            double wait = initialBackoff.toMillis();
            for (int attempt = 1; attempt < maxAttempts; attempt++) {
                millis += wait;
                wait *= multiplier;
            }
            return Duration.ofMillis((long) Math.ceil(millis));
        }
    }

    /**
     * @param slidingWindowSize    calls (count-based) over which the failure rate is measured; at least 1
     * @param minimumCalls         calls needed before the rate is judged; at least 1
     * @param failureRateThreshold percentage of failed calls that opens the circuit, in (0, 100]
     * @param openDuration         how long an open circuit refuses calls before it lets a few try; positive
     * @param halfOpenCalls        trial calls in the half-open state; at least 1
     */
    public record CircuitBreaker(@DefaultValue("10") int slidingWindowSize, @DefaultValue("5") int minimumCalls,
                                 @DefaultValue("50") float failureRateThreshold,
                                 @DefaultValue("PT5S") Duration openDuration, @DefaultValue("2") int halfOpenCalls) {
        public CircuitBreaker {
            if (slidingWindowSize < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
                throw new IllegalArgumentException("circuit-breaker sliding-window-size, minimum-calls and"
                        + " half-open-calls must be at least 1");
            }
            if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
                throw new IllegalArgumentException("circuit-breaker.failure-rate-threshold must be in (0, 100]: "
                        + failureRateThreshold);
            }
            requirePositive("circuit-breaker.open-duration", openDuration);
        }
    }

    /**
     * @param maxConcurrentCalls reads of order-service in flight at once on this instance; at least 1
     * @param maxWait            how long a read waits for a free slot before 503 BUSY; not negative
     */
    public record Bulkhead(@DefaultValue("64") int maxConcurrentCalls, @DefaultValue("PT0.5S") Duration maxWait) {
        public Bulkhead {
            if (maxConcurrentCalls < 1) {
                throw new IllegalArgumentException("bulkhead.max-concurrent-calls must be at least 1: "
                        + maxConcurrentCalls);
            }
            Objects.requireNonNull(maxWait, "bulkhead.max-wait");
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("bulkhead.max-wait must not be negative: " + maxWait);
            }
        }
    }

    /**
     * @param lease          how long a request holds the right to charge a pending payment; a holder that died is
     *                       replaced after this; longer than the provider's worst case
     * @param inProgressWait how long a request that finds another one charging the same order waits for it before
     *                       503 BUSY; not negative
     * @param pollInterval   how often such a request looks again; positive
     */
    public record Charge(@DefaultValue("PT30S") Duration lease, @DefaultValue("PT3S") Duration inProgressWait,
                         @DefaultValue("PT0.05S") Duration pollInterval) {
        public Charge {
            requirePositive("seckill.payment.charge.lease", lease);
            Objects.requireNonNull(inProgressWait, "seckill.payment.charge.in-progress-wait");
            if (inProgressWait.isNegative()) {
                throw new IllegalArgumentException("seckill.payment.charge.in-progress-wait must not be negative: "
                        + inProgressWait);
            }
            requirePositive("seckill.payment.charge.poll-interval", pollInterval);
        }
    }

    /**
     * @param concurrency      consumer threads of the refund consumer on this instance; at least 1
     * @param retryInterval    first wait before a failed refund (provider or database down) is tried again; positive
     * @param maxRetryInterval the waits double up to this, and the refund is retried forever; positive
     */
    public record Refunds(@DefaultValue("3") int concurrency, @DefaultValue("PT1S") Duration retryInterval,
                          @DefaultValue("PT30S") Duration maxRetryInterval) {
        public Refunds {
            if (concurrency < 1) {
                throw new IllegalArgumentException("seckill.payment.refunds.concurrency must be at least 1: "
                        + concurrency);
            }
            requirePositive("seckill.payment.refunds.retry-interval", retryInterval);
            requirePositive("seckill.payment.refunds.max-retry-interval", maxRetryInterval);
            if (maxRetryInterval.compareTo(retryInterval) < 0) {
                throw new IllegalArgumentException("seckill.payment.refunds.max-retry-interval must not be shorter"
                        + " than retry-interval");
            }
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void requireShare(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
        }
    }
}
