package io.seckill.payment.infra.provider;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.seckill.payment.domain.PaymentProvider;
import io.seckill.payment.domain.ProviderReceipt;
import io.seckill.payment.domain.ProviderRequest;
import io.seckill.payment.domain.ProviderUnavailableException;
import io.seckill.payment.infra.resilience.TimeLimitedCalls;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link PaymentProvider} called through Resilience4j: retry ( time limiter ( call )). Each attempt sends the same
 * request, so the same idempotency key: a retry after a timeout or a lost reply books nothing new. A timed-out call
 * is not interrupted (the provider would go on anyway); it becomes a {@link ProviderUnavailableException}, as does
 * the last failure once the attempts are used up. Thread-safe.
 */
public final class ResilientPaymentProvider implements PaymentProvider {

    private final PaymentProvider provider;
    private final TimeLimitedCalls calls;
    private final TimeLimiter timeLimiter;
    private final Retry retry;

    /** @param retry must retry {@link ProviderUnavailableException}s (see {@link #isRetryable(Throwable)}) */
    public ResilientPaymentProvider(PaymentProvider provider, TimeLimitedCalls calls, TimeLimiter timeLimiter,
                                    Retry retry) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.timeLimiter = Objects.requireNonNull(timeLimiter, "timeLimiter");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /** The retry predicate this decorator needs: failures whose outcome is unknown, never programming errors. */
    public static boolean isRetryable(Throwable failure) {
        return failure instanceof ProviderUnavailableException;
    }

    @Override
    public ProviderReceipt charge(ProviderRequest request) {
        return guarded(() -> provider.charge(request));
    }

    @Override
    public ProviderReceipt refund(ProviderRequest request) {
        return guarded(() -> provider.refund(request));
    }

    private ProviderReceipt guarded(Supplier<ProviderReceipt> call) {
        Supplier<ProviderReceipt> attempt = () -> calls.call(timeLimiter, call,
                timeout -> new ProviderUnavailableException("the payment provider did not answer within "
                        + timeLimiter.getTimeLimiterConfig().getTimeoutDuration(), timeout));
        return Retry.decorateSupplier(retry, attempt).get();
    }
}
