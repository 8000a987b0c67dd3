package io.seckill.payment.infra.resilience;

import io.github.resilience4j.timelimiter.TimeLimiter;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs blocking calls under a {@link TimeLimiter}: each call on its own (virtual) thread of {@code executor}, the
 * caller waiting at most the limiter's timeout. Thread-safe.
 */
public final class TimeLimitedCalls {

    private final ExecutorService executor;

    public TimeLimitedCalls(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * {@code call}'s result, or what it threw, or {@code onTimeout}'s exception when the limit passed first.
     *
     * @param onTimeout turns the limiter's timeout into the caller's unchecked failure
     */
    public <T> T call(TimeLimiter limiter, Supplier<T> call, Function<TimeoutException, RuntimeException> onTimeout) {
        try {
            return limiter.executeFutureSupplier(() -> executor.submit(call::get));
        } catch (TimeoutException e) {
            throw onTimeout.apply(e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + limiter.getName(), e);
        } catch (Exception e) {
            // Only checked exceptions of the future itself remain; the call is a Supplier and throws none.
            throw new IllegalStateException("call through " + limiter.getName() + " failed", e);
        }
    }
}
