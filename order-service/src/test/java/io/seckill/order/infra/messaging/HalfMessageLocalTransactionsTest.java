package io.seckill.order.infra.messaging;

import io.seckill.mq.client.TransactionState;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HalfMessageLocalTransactionsTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RecordingTransactions transactions = new RecordingTransactions();
    private final HalfMessageLocalTransactions local =
            new HalfMessageLocalTransactions(transactions, Duration.ofSeconds(6), nanos::get);

    @Test
    void writeWithinHalfTheCheckBackDelayCommits() {
        long sent = nanos.get();
        nanos.addAndGet(Duration.ofMillis(2_999).toNanos());

        assertThat(local.run(sent, () -> true)).isEqualTo(TransactionState.COMMIT);
        assertThat(transactions.rollbackOnly).isFalse();
    }

    @Test
    void writeOfNothingRollsBack() {
        assertThat(local.run(nanos.get(), () -> false)).isEqualTo(TransactionState.ROLLBACK);
        assertThat(transactions.rollbackOnly).isTrue();
    }

    @Test
    void writeReadyLaterThanHalfTheCheckBackDelayThrowsSoThatTheTransactionRollsBack() {
        long sent = nanos.get();

        assertThatThrownBy(() -> local.run(sent, () -> {
            nanos.addAndGet(Duration.ofMillis(3_001).toNanos());
            return true;
        })).isInstanceOf(HalfMessageLocalTransactions.LocalTransactionTooLateException.class);
    }

    /** Runs the callback with a status it remembers; a thrown exception propagates as from a real template. */
    private static final class RecordingTransactions implements TransactionOperations {
        boolean rollbackOnly;

        @Override
        public <T> T execute(TransactionCallback<T> action) {
            SimpleTransactionStatus status = new SimpleTransactionStatus();
            T result = action.doInTransaction(status);
            rollbackOnly = status.isRollbackOnly();
            return result;
        }
    }
}
