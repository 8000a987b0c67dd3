package io.seckill.mq.client.consumer;

import java.sql.Connection;

/**
 * A consumer's business writes, run by {@link IdempotentConsumer} on the connection that holds the open transaction.
 * It must not commit, roll back, change auto-commit or close the connection: the consumer owns the transaction.
 */
@FunctionalInterface
public interface JdbcWork {

    void apply(Connection connection) throws Exception;
}
