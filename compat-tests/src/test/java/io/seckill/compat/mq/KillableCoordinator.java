package io.seckill.compat.mq;

/**
 * A cluster whose coordinator runs in a child process that a test can kill with SIGKILL and start again:
 * the mq-broker process (coordinator inside), or the standalone coordinator process next to Apache Kafka.
 */
interface KillableCoordinator extends AutoCloseable {

    /** {@code -D} settings both processes take: the same short check-back timing as {@link CoordinatedCluster}. */
    String[] TEST_SETTINGS = {"-D", "coordinator.transaction.timeout.ms=" + CoordinatedCluster.TEST_SETTINGS.transactionTimeoutMs(),
            "-D", "coordinator.check.max=" + CoordinatedCluster.TEST_SETTINGS.checkMax(),
            "-D", "coordinator.check.interval.ms=" + CoordinatedCluster.TEST_SETTINGS.checkIntervalMs()};

    String bootstrapServers();

    /** SIGKILL of the process that runs the coordinator. */
    void kill() throws Exception;

    /** Starts that process again on the same data and waits until it serves. */
    void restart() throws Exception;

    @Override
    void close() throws Exception;
}
