package io.seckill.payment.domain;

/**
 * Confirms a charged payment and announces it, atomically from the outside: {@code payment.succeeded} becomes
 * visible to consumers if and only if the payment turned PENDING → SUCCEEDED (a transactional half message whose
 * local transaction is {@link PaymentRepository#markSucceeded}). Implementations are thread-safe.
 */
public interface PaymentPublisher {

    /**
     * Marks {@code payment} SUCCEEDED with {@code charge} and publishes {@code payment.succeeded}.
     *
     * @return true if this call made the transition; false if the payment had already left PENDING (another request
     * confirmed it with its own message, and this call published nothing)
     * @throws io.seckill.common.error.ServiceException {@code BUSY} when the broker or the database failed; if the
     *                                                  transition may have happened, the check-back settles the event
     */
    boolean publishSucceeded(Payment payment, ProviderReceipt charge);
}
