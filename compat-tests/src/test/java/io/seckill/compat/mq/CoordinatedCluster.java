package io.seckill.compat.mq;

import io.seckill.mq.broker.config.CoordinatorSettings;

/**
 * A Kafka-protocol cluster with a half-message and delay coordinator serving it: mq-broker (coordinator inside) or
 * Apache Kafka with the standalone coordinator. The tests run unchanged against both.
 */
interface CoordinatedCluster extends AutoCloseable {

    /**
     * Short check-back timing so the tests see checks within seconds: transaction timeout 1 s, 3 checks, 1 s apart.
     * Messages may still carry their own.
     */
    CoordinatorSettings TEST_SETTINGS = CoordinatorSettings.defaults().withChecks(1_000, 3, 1_000);

    String bootstrapServers();

    /**
     * Stops the part of the cluster that holds the coordinator's state and starts it again on the same data: the
     * broker for mq-broker, the coordinator for Apache Kafka.
     */
    void restart();

    /** The coordinator's metrics in the Prometheus text format. */
    String coordinatorMetrics();

    @Override
    void close();
}
