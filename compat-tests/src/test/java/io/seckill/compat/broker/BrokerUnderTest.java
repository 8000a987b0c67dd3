package io.seckill.compat.broker;

/** A running Kafka-protocol broker that a compatibility test talks to; closing it stops it and removes its data. */
public interface BrokerUnderTest extends AutoCloseable {

    /** {@code host:port} for {@code bootstrap.servers}. */
    String bootstrapServers();

    @Override
    void close();
}
