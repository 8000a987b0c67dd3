package io.seckill.order.infra.messaging;

import io.seckill.mq.client.TransactionState;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs the local transaction of a half message as one MySQL transaction that commits only while no check-back can
 * have answered for the message yet.
 *
 * <p>Why: the coordinator checks back {@code check-back-after} after the half message was sent, and the check-back
 * answers from the rows. A check-back that read the rows before this transaction wrote them would answer ROLLBACK,
 * and a commit after that would leave a row without its message (an order without its deadline). The check-back
 * reads with a shared lock, so once this transaction has written, the check-back waits for its commit; what remains
 * is a write that starts late. So the writes run first and the transaction commits only if less than half of
 * {@code check-back-after} has passed since the send began (half: a margin for the broker's clock running ahead).
 * Otherwise it rolls back and throws, the message is settled by check-back (ROLLBACK: nothing written) and the
 * event is retried. Thread-safe.
 */
final class HalfMessageLocalTransactions {

    private final TransactionOperations transactions;
    private final long commitWithinNanos;
    private final LongSupplier nanoTime;

    HalfMessageLocalTransactions(TransactionOperations transactions, Duration checkBackAfter, LongSupplier nanoTime) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.commitWithinNanos = checkBackAfter.toNanos() / 2;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Runs {@code write} in a new transaction.
     *
     * @param sendStartedNanos {@link System#nanoTime()} read before the half message was sent
     * @param write            the writes; returns false when it wrote nothing (the transaction does not apply)
     * @return COMMIT once committed, ROLLBACK when {@code write} wrote nothing
     * @throws LocalTransactionTooLateException after rolling back, when the commit would come too late
     */
    TransactionState run(long sendStartedNanos, BooleanSupplier write) {
        return transactions.execute(status -> {
            if (!write.getAsBoolean()) {
                status.setRollbackOnly();
                return TransactionState.ROLLBACK;
            }
            long elapsedNanos = nanoTime.getAsLong() - sendStartedNanos;
            if (elapsedNanos > commitWithinNanos) {
                throw new LocalTransactionTooLateException(Duration.ofNanos(elapsedNanos));
            }
            return TransactionState.COMMIT;
        });
    }

    /** The local transaction was rolled back because a check-back may already have answered for its message. */
    static final class LocalTransactionTooLateException extends RuntimeException {
        LocalTransactionTooLateException(Duration elapsed) {
            super("local transaction was ready to commit " + elapsed.toMillis()
                    + " ms after its half message was sent, too late; rolled back, check-back settles the message");
        }
    }
}
