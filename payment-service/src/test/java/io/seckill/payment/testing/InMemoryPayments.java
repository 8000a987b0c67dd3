package io.seckill.payment.testing;

import io.seckill.payment.domain.Payment;
import io.seckill.payment.domain.PaymentRepository;
import io.seckill.payment.domain.PaymentStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link PaymentRepository} in memory with the table's guards (unique order, guarded updates). Thread-safe. */
public final class InMemoryPayments implements PaymentRepository {

    private final Map<String, Payment> byId = new HashMap<>();
    private final Map<String, String> claimTokens = new HashMap<>();

    @Override
    public synchronized boolean insertPending(Payment payment, String claimToken) {
        if (findByOrderId(payment.orderId()).isPresent()) {
            return false;
        }
        byId.put(payment.id(), payment);
        claimTokens.put(payment.id(), claimToken);
        return true;
    }

    @Override
    public synchronized Optional<Payment> findById(String paymentId) {
        return Optional.ofNullable(byId.get(paymentId));
    }

    @Override
    public synchronized Optional<Payment> findByOrderId(String orderId) {
        return byId.values().stream().filter(payment -> payment.orderId().equals(orderId)).findFirst();
    }

    @Override
    public synchronized boolean claim(String paymentId, String claimToken, Instant now, Instant claimedUntil) {
        Payment p = byId.get(paymentId);
        if (p == null || p.status() != PaymentStatus.PENDING || p.isClaimedAt(now)) {
            return false;
        }
        put(p, PaymentStatus.PENDING, null, claimedUntil, null, null);
        claimTokens.put(paymentId, claimToken);
        return true;
    }

    @Override
    public synchronized void release(String paymentId, String claimToken) {
        Payment p = byId.get(paymentId);
        if (p != null && p.status() == PaymentStatus.PENDING && claimToken.equals(claimTokens.get(paymentId))) {
            put(p, PaymentStatus.PENDING, null, null, null, null);
            claimTokens.remove(paymentId);
        }
    }

    @Override
    public synchronized boolean markSucceeded(String paymentId, String chargeReference, Instant paidAt) {
        Payment p = byId.get(paymentId);
        if (p == null || p.status() != PaymentStatus.PENDING) {
            return false;
        }
        put(p, PaymentStatus.SUCCEEDED, chargeReference, null, paidAt, null);
        claimTokens.remove(paymentId);
        return true;
    }

    @Override
    public synchronized boolean markRefunded(String paymentId, Instant refundedAt) {
        Payment p = byId.get(paymentId);
        if (p == null || p.status() != PaymentStatus.SUCCEEDED) {
            return false;
        }
        put(p, PaymentStatus.REFUNDED, p.chargeReference(), null, p.paidAt(), refundedAt);
        return true;
    }

    /** Stores a payment as it is, e.g. one left pending by a charger that died. */
    public synchronized void store(Payment payment) {
        byId.put(payment.id(), payment);
    }

    private void put(Payment p, PaymentStatus status, String reference, Instant claimedUntil, Instant paidAt,
                     Instant refundedAt) {
        byId.put(p.id(), new Payment(p.id(), p.orderId(), p.userId(), p.amountCents(), status, reference,
                claimedUntil, p.createdAt(), paidAt, refundedAt));
    }
}
