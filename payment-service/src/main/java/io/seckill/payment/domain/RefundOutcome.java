package io.seckill.payment.domain;

/** What {@link PaymentRefunds#refund} did with one refund request. */
public enum RefundOutcome {
    /** The provider refunded the charge and the payment is now REFUNDED. */
    REFUNDED,
    /** The payment was refunded before (a redelivered request): nothing was done. */
    ALREADY_REFUNDED,
    /** No payment with that id for that order: nothing to refund (logged; retrying cannot help). */
    UNKNOWN_PAYMENT,
    /** The payment was never confirmed, so it was not announced and cannot have been asked back (logged). */
    NOT_CHARGED
}
