package io.seckill.payment.infra.orders;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.web.SeckillHeaders;
import io.seckill.payment.domain.OrderDirectory;
import io.seckill.payment.domain.OrderSnapshot;
import io.seckill.payment.infra.resilience.TimeLimitedCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link OrderDirectory} over order-service's {@code GET /internal/orders/{orderId}} (sent with the internal
 * credential), through Resilience4j: bulkhead ( retry ( circuit breaker ( time limiter ( HTTP call )))).
 *
 * <p>So every attempt is timed out and counted by the breaker; only I/O errors, timeouts and 5xx are retried, with
 * exponential backoff; a 404 is an answer (no such order), neither retried nor a failure; an open circuit or a full
 * bulkhead refuses at once. Whatever is left unanswered becomes 503 {@code BUSY}. Thread-safe.
 */
public final class RestOrderDirectory implements OrderDirectory {

    private static final Logger log = LoggerFactory.getLogger(RestOrderDirectory.class);

    private final RestClient http;
    private final String internalSecret;
    private final TimeLimitedCalls calls;
    private final TimeLimiter timeLimiter;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final Bulkhead bulkhead;

    /**
     * @param http  a client whose base URL is order-service's
     * @param retry must retry only {@link #isRetryable(Throwable) retryable} failures
     */
    public RestOrderDirectory(RestClient http, String internalSecret, TimeLimitedCalls calls, TimeLimiter timeLimiter,
                              CircuitBreaker circuitBreaker, Retry retry, Bulkhead bulkhead) {
        this.http = Objects.requireNonNull(http, "http");
        this.internalSecret = Objects.requireNonNull(internalSecret, "internalSecret");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.timeLimiter = Objects.requireNonNull(timeLimiter, "timeLimiter");
        this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.bulkhead = Objects.requireNonNull(bulkhead, "bulkhead");
    }

    /** The retry predicate this directory needs: I/O errors, timeouts and 5xx, nothing else. */
    public static boolean isRetryable(Throwable failure) {
        return OrderServiceUnavailableException.isRetryable(failure);
    }

    @Override
    public Optional<OrderSnapshot> find(String orderId) {
        Supplier<Optional<OrderSnapshot>> attempt = () -> calls.call(timeLimiter, () -> fetch(orderId),
                timeout -> new OrderServiceUnavailableException("order-service did not answer within "
                        + timeLimiter.getTimeLimiterConfig().getTimeoutDuration(), true, timeout));
        Supplier<Optional<OrderSnapshot>> guarded = Bulkhead.decorateSupplier(bulkhead,
                Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker, attempt)));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw busy("order-service is unavailable (circuit open); retry");
        } catch (BulkheadFullException e) {
            throw busy("too many payments in progress; retry");
        } catch (OrderServiceUnavailableException e) {
            log.warn("reading order {} from order-service failed: {}", orderId, e.getMessage());
            throw busy("order-service is unavailable; retry");
        }
    }

    private Optional<OrderSnapshot> fetch(String orderId) {
        try {
            return http.get().uri("/internal/orders/{orderId}", orderId)
                    .header(SeckillHeaders.INTERNAL_AUTH, internalSecret)
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> {
                        HttpStatusCode status = response.getStatusCode();
                        if (status.value() == 404) {
                            return Optional.empty();
                        }
                        if (!status.is2xxSuccessful()) {
                            throw new OrderServiceUnavailableException("order-service answered " + status.value(),
                                    status.is5xxServerError(), null);
                        }
                        InternalOrderResponse body = response.bodyTo(InternalOrderResponse.class);
                        if (body == null) {
                            throw new OrderServiceUnavailableException("order-service answered no body", false, null);
                        }
                        return Optional.of(body.toSnapshot(orderId));
                    });
        } catch (ResourceAccessException e) {
            throw new OrderServiceUnavailableException("order-service unreachable: " + e.getMessage(), true, e);
        } catch (RestClientException e) {
            throw new OrderServiceUnavailableException("order-service answered unreadably: " + e.getMessage(),
                    false, e);
        }
    }

    private static ServiceException busy(String detail) {
        return new ServiceException(ErrorCode.BUSY, detail);
    }
}
