package io.seckill.payment.infra.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.payment.PaymentProperties;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The service's Resilience4j registries, their instruments built from {@link PaymentProperties} (no Boot starter:
 * every setting is explicit here), and their metrics on {@code /actuator/prometheus}
 * ({@code resilience4j_circuitbreaker_state}, {@code resilience4j_retry_calls_total}, …, tagged by {@code name}).
 *
 * @param circuitBreakers circuit breakers by name
 * @param retries         retries by name
 * @param timeLimiters    time limiters by name
 * @param bulkheads       bulkheads by name
 */
public record ResilienceRegistries(CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
                                   TimeLimiterRegistry timeLimiters, BulkheadRegistry bulkheads) {

    /** Empty registries whose instruments report to {@code meters}. */
    public static ResilienceRegistries withMetrics(MeterRegistry meters) {
        ResilienceRegistries registries = new ResilienceRegistries(CircuitBreakerRegistry.ofDefaults(),
                RetryRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults(), BulkheadRegistry.ofDefaults());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registries.circuitBreakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(registries.retries).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(registries.timeLimiters).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(registries.bulkheads).bindTo(meters);
        return registries;
    }

    /** A count-based circuit breaker that counts every exception as a failure. */
    public CircuitBreaker circuitBreaker(String name, PaymentProperties.CircuitBreaker settings) {
        return circuitBreakers.circuitBreaker(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .build());
    }

    /** Retries with exponential backoff, only for the failures {@code retryOn} accepts. */
    public Retry retry(String name, PaymentProperties.Retry settings, Predicate<Throwable> retryOn) {
        return retries.retry(name, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialBackoff(),
                        settings.multiplier()))
                .retryOnException(retryOn)
                .build());
    }

    /**
     * A time limit per call. {@code cancelRunning} interrupts the call on timeout (an HTTP read); without it the call
     * runs on unobserved, as a remote party would go on after its caller stopped waiting.
     */
    public TimeLimiter timeLimiter(String name, Duration timeout, boolean cancelRunning) {
        return timeLimiters.timeLimiter(name, TimeLimiterConfig.custom()
                .timeoutDuration(timeout)
                .cancelRunningFuture(cancelRunning)
                .build());
    }

    /** A semaphore bulkhead: at most so many calls in flight, each waiting at most so long for a slot. */
    public Bulkhead bulkhead(String name, PaymentProperties.Bulkhead settings) {
        return bulkheads.bulkhead(name, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(settings.maxWait())
                .build());
    }
}
