package io.seckill.compat.spring;

import java.util.UUID;

/**
 * Topic and consumer-group names of one application context. A random run id in every name keeps
 * runs and the two brokers apart; listeners read the names through SpEL ({@code #{compatTopics...}}).
 */
public final class CompatTopics {

    /** Partitions of the topic the concurrent listener shares among its three consumers. */
    public static final int CONCURRENT_PARTITIONS = 6;
    /** Partitions of the topic the batch listener reads. */
    public static final int BATCH_PARTITIONS = 3;

    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    public String concurrent() {
        return "concurrent-" + runId;
    }

    public String manualAck() {
        return "manual-ack-" + runId;
    }

    public String batch() {
        return "batch-" + runId;
    }

    /** Read by a listener whose {@code DefaultErrorHandler} publishes failures to {@code deadLetter() + "-dlt"}. */
    public String deadLetter() {
        return "dead-letter-" + runId;
    }

    /** Read by the {@code @RetryableTopic} listener; Spring creates its retry and DLT topics. */
    public String retryable() {
        return "retryable-" + runId;
    }

    public String group(String listener) {
        return listener + "-group-" + runId;
    }
}
