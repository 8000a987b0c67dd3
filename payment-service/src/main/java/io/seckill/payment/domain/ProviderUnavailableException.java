package io.seckill.payment.domain;

/**
 * A provider call failed or timed out: it may or may not have been booked, so it is retried with the same
 * idempotency key, never with a new one.
 */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
