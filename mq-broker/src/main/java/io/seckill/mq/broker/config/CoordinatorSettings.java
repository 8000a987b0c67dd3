package io.seckill.mq.broker.config;

import io.seckill.mq.client.MqContract;

/**
 * Settings of the half-message and delayed-delivery coordinator, inside the broker or standalone. The transaction
 * ones are defaults: a half message may carry its own.
 *
 * @param enabled              run the coordinator inside the broker (ignored by the standalone coordinator)
 * @param transactionTimeoutMs an undecided half message is first checked back this long after it was sent
 * @param checkMax             check-backs before an undecided half message goes to the dead topic
 * @param checkIntervalMs      time between check-backs
 * @param maxDelayMs           the longest delay accepted; later messages go to the dead topic
 * @param halfPartitions       partitions of the half topic when the coordinator creates it
 * @param delayPartitions      partitions of the delay topic and each tier topic when the coordinator creates them
 */
public record CoordinatorSettings(boolean enabled, long transactionTimeoutMs, int checkMax, long checkIntervalMs,
                                  long maxDelayMs, int halfPartitions, int delayPartitions) {

    public CoordinatorSettings {
        requirePositive("coordinator.transaction.timeout.ms", transactionTimeoutMs);
        requirePositive("coordinator.check.interval.ms", checkIntervalMs);
        requirePositive("coordinator.delay.max.ms", maxDelayMs);
        requirePositive("coordinator.half.partitions", halfPartitions);
        requirePositive("coordinator.delay.partitions", delayPartitions);
        if (checkMax < 0) {
            throw new IllegalArgumentException("coordinator.check.max must not be negative, was " + checkMax);
        }
    }

    /** The protocol's defaults ({@link MqContract.Defaults}), enabled. */
    public static CoordinatorSettings defaults() {
        return new CoordinatorSettings(true, MqContract.Defaults.TRANSACTION_TIMEOUT.toMillis(), MqContract.Defaults.CHECK_MAX,
                MqContract.Defaults.CHECK_INTERVAL.toMillis(), MqContract.Defaults.MAX_DELAY.toMillis(),
                MqContract.Defaults.HALF_PARTITIONS, MqContract.Defaults.DELAY_PARTITIONS);
    }

    public CoordinatorSettings withEnabled(boolean on) {
        return new CoordinatorSettings(on, transactionTimeoutMs, checkMax, checkIntervalMs, maxDelayMs, halfPartitions,
                delayPartitions);
    }

    public CoordinatorSettings withChecks(long newTransactionTimeoutMs, int newCheckMax, long newCheckIntervalMs) {
        return new CoordinatorSettings(enabled, newTransactionTimeoutMs, newCheckMax, newCheckIntervalMs, maxDelayMs,
                halfPartitions, delayPartitions);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
