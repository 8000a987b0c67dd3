package io.seckill.payment.infra.orders;

/**
 * One read of order-service failed; {@link #retryable()} tells whether another attempt may succeed (I/O error,
 * timeout, 5xx) or not (any other unexpected answer, e.g. a refused internal credential).
 */
final class OrderServiceUnavailableException extends RuntimeException {

    private final boolean retryable;

    OrderServiceUnavailableException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }

    static boolean isRetryable(Throwable failure) {
        return failure instanceof OrderServiceUnavailableException unavailable && unavailable.retryable;
    }
}
