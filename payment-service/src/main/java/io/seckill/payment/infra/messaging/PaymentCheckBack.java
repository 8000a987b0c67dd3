package io.seckill.payment.infra.messaging;

import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.payment.domain.Payment;
import io.seckill.payment.domain.PaymentRepository;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers the broker's check-back about a {@code payment.succeeded} half message left undecided (its sender died or
 * lost the decision), from the payment named by the transaction id:
 *
 * <ul>
 *   <li>SUCCEEDED or REFUNDED → COMMIT: the transition happened (a refund comes only after it);</li>
 *   <li>PENDING and claimed → UNKNOWN: its charger may still be inside the local transaction, asked again later;</li>
 *   <li>PENDING and unclaimed, or no such payment → ROLLBACK: the transition did not happen, and the charger that
 *       makes it later publishes its own message.</li>
 * </ul>
 *
 * <p>A COMMIT may deliver a second {@code payment.succeeded} for a payment another request confirmed; it carries the
 * same payment id, which consumers apply once. A database failure throws, which the listener counts and answers as
 * UNKNOWN (asked again later). Thread-safe.
 */
public final class PaymentCheckBack implements TransactionChecker {

    private final PaymentRepository payments;
    private final Clock clock;

    public PaymentCheckBack(PaymentRepository payments, Clock clock) {
        this.payments = Objects.requireNonNull(payments, "payments");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public TransactionState check(HalfMessage message) {
        Optional<Payment> payment = Optional.ofNullable(message.transactionId()).flatMap(payments::findById);
        if (payment.isEmpty()) {
            return TransactionState.ROLLBACK;
        }
        return switch (payment.get().status()) {
            case SUCCEEDED, REFUNDED -> TransactionState.COMMIT;
            case PENDING -> payment.get().isClaimedAt(clock.instant())
                    ? TransactionState.UNKNOWN : TransactionState.ROLLBACK;
        };
    }
}
