package io.seckill.mq.client.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.client.MessageIds;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Runs a consumer's JDBC work at most once per consumer group and message id, with plain JDBC and no Spring.
 *
 * <p>Kafka delivers at least once, so a message can arrive again after a rebalance or a crash before the offset
 * commit. The work and a marker row in {@link ConsumedMessageTable} commit in one local transaction: either both are
 * durable and every later delivery finds the marker and skips, or neither is and a later delivery processes the
 * message. Concurrent deliveries of one message serialize on the marker's primary key: the second insert waits for
 * the first transaction and then sees a duplicate (or proceeds, if the first rolled back).
 *
 * <p>Thread-safe: it holds only immutable references, and each call uses its own connection from the pool.
 */
public final class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

    private final DataSource dataSource;
    private final ConsumedMessageTable table;
    private final ConsumedMessageCounters counters;

    public IdempotentConsumer(DataSource dataSource, ConsumedMessageTable table, MeterRegistry meterRegistry) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = Objects.requireNonNull(table, "table");
        this.counters = new ConsumedMessageCounters(meterRegistry);
    }

    /** {@link #consumeOnce(String, String, JdbcWork)} with the record's {@link MessageIds#of stable message id}. */
    public boolean consumeOnce(String consumerGroup, ConsumerRecord<?, ?> record, JdbcWork work) {
        return consumeOnce(consumerGroup, MessageIds.of(record), work);
    }

    /**
     * Runs {@code work} in one transaction with the marker of {@code (consumerGroup, messageId)}, unless that marker
     * exists.
     *
     * @return true if the work ran and committed, false if the message had been consumed before (work not run)
     * @throws RuntimeException what the work threw, after rolling back; checked exceptions and database failures
     *     come wrapped in {@link ConsumptionFailedException}. If the commit itself fails, the outcome is unknown
     *     to this call, and a redelivery settles it: it either finds the marker or processes the message.
     */
    public boolean consumeOnce(String consumerGroup, String messageId, JdbcWork work) {
        ConsumedMessageTable.requireValidKey("consumer group", consumerGroup);
        ConsumedMessageTable.requireValidKey("message id", messageId);
        Objects.requireNonNull(work, "work");
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new ConsumptionFailedException(consumerGroup, messageId, e);
        }
        boolean processed;
        try {
            processed = inOneTransaction(connection, consumerGroup, messageId, work);
        } finally {
            close(connection);
        }
        if (processed) {
            counters.processed(consumerGroup);
        } else {
            counters.duplicate(consumerGroup);
        }
        return processed;
    }

    private boolean inOneTransaction(Connection connection, String consumerGroup, String messageId, JdbcWork work) {
        boolean restoreAutoCommit = false;
        try {
            if (connection.getAutoCommit()) {
                connection.setAutoCommit(false);
                restoreAutoCommit = true;
            }
            boolean processed = table.markConsumed(connection, consumerGroup, messageId);
            if (processed) {
                work.apply(connection);
                connection.commit();
            } else {
                connection.rollback();
            }
            return processed;
        } catch (Throwable failure) {
            // Auto-commit is restored only after a successful rollback: switching it on with a transaction still
            // open would commit that transaction, marker and partial work included.
            restoreAutoCommit = rollback(connection, failure) && restoreAutoCommit;
            throw unchecked(failure, consumerGroup, messageId);
        } finally {
            if (restoreAutoCommit) {
                restoreAutoCommit(connection);
            }
        }
    }

    /** Returns whether the rollback succeeded; a failure to roll back is attached to the original failure. */
    private static boolean rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    private static RuntimeException unchecked(Throwable failure, String consumerGroup, String messageId) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new ConsumptionFailedException(consumerGroup, messageId, failure);
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            log.warn("could not restore auto-commit on a connection after consuming a message", e);
        }
    }

    /** The outcome is settled by the commit or rollback before; failing to close afterwards changes nothing. */
    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("could not close a connection after consuming a message", e);
        }
    }
}
