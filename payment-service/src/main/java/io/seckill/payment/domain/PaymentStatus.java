package io.seckill.payment.domain;

/**
 * The life of a payment: {@code PENDING} (inserted, not yet confirmed by the provider) → {@code SUCCEEDED} (charged,
 * {@code payment.succeeded} published) → {@code REFUNDED} (the order had been cancelled; the charge was given back).
 *
 * <p>Every transition is a guarded update from the one state before it, so each happens at most once.
 */
public enum PaymentStatus {
    /** Inserted before the charge; the charge may be retried with the same idempotency key. */
    PENDING,
    /** The provider charged it and the event was published with the transition. */
    SUCCEEDED,
    /** The provider refunded the charge. */
    REFUNDED
}
