package io.seckill.payment.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The durable record of payments (MySQL), at most one per order. Every state change is a guarded update that reports
 * whether this call made it, so concurrent callers agree on who did. Implementations are thread-safe.
 */
public interface PaymentRepository {

    /**
     * Inserts a pending payment, claimed by {@code claimToken} until {@link Payment#claimedUntil()}, unless its order
     * already has a payment.
     *
     * @return true if inserted; false if another payment of the order exists (nothing written)
     */
    boolean insertPending(Payment payment, String claimToken);

    Optional<Payment> findById(String paymentId);

    Optional<Payment> findByOrderId(String orderId);

    /** Claims a pending payment whose claim is absent or expired at {@code now}; true if this call got it. */
    boolean claim(String paymentId, String claimToken, Instant now, Instant claimedUntil);

    /** Gives up the claim {@code claimToken} of a pending payment, so that the next request may charge at once. */
    void release(String paymentId, String claimToken);

    /** PENDING → SUCCEEDED with the provider's reference; true if this call made the transition. */
    boolean markSucceeded(String paymentId, String chargeReference, Instant paidAt);

    /** SUCCEEDED → REFUNDED; true if this call made the transition. */
    boolean markRefunded(String paymentId, Instant refundedAt);
}
