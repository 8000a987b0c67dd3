package io.seckill.mq.client.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.client.MessageIds;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Runs a consumer's work at most once per consumer group and message id inside a Spring-managed transaction, so that
 * MyBatis mappers and {@code JdbcTemplate} called by the work write in the same transaction as the marker row.
 *
 * <p>The transaction has {@code PROPAGATION_REQUIRED}: called inside a caller's transaction, it joins it, and the
 * marker commits or rolls back with everything else the caller writes. The marker goes through
 * {@link DataSourceUtils#getConnection(DataSource)}, the connection every Spring JDBC client uses, which is why the
 * {@code DataSource} must be the one the transaction manager manages; this is checked on every call, because a marker
 * written outside the transaction would be committed even when the work fails.
 *
 * <p>A duplicate leaves the transaction untouched instead of marking it rollback-only: nothing was written (MySQL and
 * MariaDB roll back only the failed statement), and a joined caller's transaction must not be doomed by it. This
 * relies on MySQL/MariaDB semantics: on PostgreSQL a failed insert aborts the whole transaction.
 *
 * <p>Thread-safe: it holds only immutable references; the transaction state lives in Spring's thread-bound resources.
 */
public final class SpringIdempotentConsumer {

    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final ConsumedMessageTable table;
    private final ConsumedMessageCounters counters;
    private final SQLExceptionTranslator exceptionTranslator = new SQLExceptionSubclassTranslator();

    public SpringIdempotentConsumer(DataSource dataSource, PlatformTransactionManager transactionManager,
                                    ConsumedMessageTable table, MeterRegistry meterRegistry) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = Objects.requireNonNull(table, "table");
        this.counters = new ConsumedMessageCounters(meterRegistry);
        TransactionTemplate template = new TransactionTemplate(Objects.requireNonNull(transactionManager,
                "transactionManager"));
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        template.setName(SpringIdempotentConsumer.class.getName());
        this.transactions = template;
    }

    /**
     * Runs {@code work} in one transaction with the marker of {@code (consumerGroup, messageId)}, unless that marker
     * exists. What the work throws propagates after the transaction (marker included) rolled back, or, when joined,
     * after the caller's transaction was marked rollback-only.
     *
     * @return true if the work ran, false if the message had been consumed before (work not run)
     */
    public boolean consumeOnce(String consumerGroup, String messageId, Runnable work) {
        Objects.requireNonNull(work, "work");
        return consumeOnceAndGet(consumerGroup, messageId, () -> {
            work.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    /** {@link #consumeOnce(String, String, Runnable)} with the record's {@link MessageIds#of stable message id}. */
    public boolean consumeOnce(String consumerGroup, ConsumerRecord<?, ?> record, Runnable work) {
        return consumeOnce(consumerGroup, MessageIds.of(record), work);
    }

    /**
     * Like {@link #consumeOnce(String, String, Runnable)}, returning what the work returned.
     *
     * @param work must not return null, since an empty result means "duplicate"
     * @return the work's result, or empty if the message had been consumed before (work not run)
     */
    public <T> Optional<T> consumeOnceAndGet(String consumerGroup, String messageId, Supplier<? extends T> work) {
        ConsumedMessageTable.requireValidKey("consumer group", consumerGroup);
        ConsumedMessageTable.requireValidKey("message id", messageId);
        Objects.requireNonNull(work, "work");
        Optional<T> result = transactions.execute(status -> {
            if (!markInCurrentTransaction(consumerGroup, messageId)) {
                counters.duplicate(consumerGroup);
                return Optional.empty();
            }
            T value = Objects.requireNonNull(work.get(), "the work of an idempotent consumer returned null");
            countProcessedOnCommit(consumerGroup);
            return Optional.of(value);
        });
        return Objects.requireNonNull(result);
    }

    /** {@link #consumeOnceAndGet(String, String, Supplier)} with the record's stable message id. */
    public <T> Optional<T> consumeOnceAndGet(String consumerGroup, ConsumerRecord<?, ?> record,
                                             Supplier<? extends T> work) {
        return consumeOnceAndGet(consumerGroup, MessageIds.of(record), work);
    }

    private boolean markInCurrentTransaction(String consumerGroup, String messageId) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (connection.getAutoCommit()) {
                throw new IllegalStateException("the DataSource of this SpringIdempotentConsumer is not the one its"
                        + " transaction manager manages: the marker would commit on its own");
            }
            return table.markConsumed(connection, consumerGroup, messageId);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** "Processed" means committed: in a joined transaction that happens after this call returns, or never. */
    private void countProcessedOnCommit(String consumerGroup) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            // Only with a transaction manager set to SYNCHRONIZATION_NEVER; our own transaction commits right after.
            counters.processed(consumerGroup);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                counters.processed(consumerGroup);
            }
        });
    }

    private DataAccessException translate(SQLException e) {
        String task = "marking a message consumed in " + table.name();
        DataAccessException translated = exceptionTranslator.translate(task, null, e);
        return translated != null ? translated : new UncategorizedSQLException(task, null, e);
    }
}
