package io.seckill.mq.broker.group;

/**
 * Group coordinator settings, named after Kafka's broker settings.
 *
 * @param minSessionTimeoutMs     {@code group.min.session.timeout.ms}: smaller session timeouts are refused
 * @param maxSessionTimeoutMs     {@code group.max.session.timeout.ms}: larger session timeouts are refused
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an
 *                                empty group waits for more members (extended by each new member, bounded
 *                                by the rebalance timeout)
 * @param maxMetadataBytes        {@code offset.metadata.max.bytes}: longest commit metadata string
 */
public record GroupConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs,
                          int maxMetadataBytes) {

    public GroupConfig {
        if (minSessionTimeoutMs < 0 || maxSessionTimeoutMs < minSessionTimeoutMs || initialRebalanceDelayMs < 0
                || maxMetadataBytes < 0) {
            throw new IllegalArgumentException("invalid group coordinator settings: " + minSessionTimeoutMs + ", "
                    + maxSessionTimeoutMs + ", " + initialRebalanceDelayMs + ", " + maxMetadataBytes);
        }
    }

    /** Kafka's defaults, with the given initial rebalance delay. */
    public static GroupConfig withInitialRebalanceDelayMs(int initialRebalanceDelayMs) {
        return new GroupConfig(6_000, 1_800_000, initialRebalanceDelayMs, 4096);
    }
}
