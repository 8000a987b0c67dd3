package io.seckill.payment.infra.mysql;

import io.seckill.payment.domain.Payment;
import io.seckill.payment.domain.PaymentRepository;
import org.springframework.dao.DuplicateKeyException;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PaymentRepository} over the MyBatis {@link PaymentMapper}. Each call is one auto-committed statement, so a
 * guarded update is atomic and its row count is the verdict. Thread-safe (the mapper proxy is).
 */
public final class MyBatisPaymentRepository implements PaymentRepository {

    private final PaymentMapper mapper;

    public MyBatisPaymentRepository(PaymentMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public boolean insertPending(Payment payment, String claimToken) {
        try {
            mapper.insertPending(payment, claimToken);
            return true;
        } catch (DuplicateKeyException e) {
            // The payment id is fresh, so the duplicate is the order's unique key: another request inserted first.
            return false;
        }
    }

    @Override
    public Optional<Payment> findById(String paymentId) {
        return Optional.ofNullable(mapper.findById(paymentId));
    }

    @Override
    public Optional<Payment> findByOrderId(String orderId) {
        return Optional.ofNullable(mapper.findByOrderId(orderId));
    }

    @Override
    public boolean claim(String paymentId, String claimToken, Instant now, Instant claimedUntil) {
        return mapper.claim(paymentId, claimToken, now, claimedUntil) == 1;
    }

    @Override
    public void release(String paymentId, String claimToken) {
        mapper.release(paymentId, claimToken);
    }

    @Override
    public boolean markSucceeded(String paymentId, String chargeReference, Instant paidAt) {
        return mapper.markSucceeded(paymentId, chargeReference, paidAt) == 1;
    }

    @Override
    public boolean markRefunded(String paymentId, Instant refundedAt) {
        return mapper.markRefunded(paymentId, refundedAt) == 1;
    }
}
