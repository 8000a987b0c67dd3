package io.seckill.mq.broker.config;

import io.seckill.mq.broker.log.FlushPolicy;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a broker process needs to start, resolved from defaults, a properties file, environment
 * variables and command-line flags (in increasing precedence, see {@link BrokerConfigLoader}).
 *
 * <p>Log settings here are the broker-wide defaults; topics may override them with Kafka's topic
 * config names (see {@link io.seckill.mq.broker.metadata.TopicConfigs}).
 */
public record BrokerConfig(
        int nodeId,
        String bindHost,
        String advertisedHost,
        int port,
        int advertisedPort,
        int adminPort,
        Path dataDir,
        FlushPolicy flushPolicy,
        long flushIntervalMs,
        boolean autoCreateTopics,
        int defaultPartitions,
        int maxFrameBytes,
        int networkThreads,
        int segmentBytes,
        long segmentMs,
        long retentionMs,
        long retentionBytes,
        int maxMessageBytes,
        int groupInitialRebalanceDelayMs,
        CoordinatorSettings coordinator) {

    public BrokerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(flushPolicy, "flushPolicy");
        Objects.requireNonNull(coordinator, "coordinator");
        requireRange("port", port, 0, 65535);
        requireRange("advertised.port", advertisedPort, 0, 65535);
        requireRange("admin.port", adminPort, -1, 65535);
        requireRange("num.partitions", defaultPartitions, 1, 100_000);
        requireRange("socket.request.max.bytes", maxFrameBytes, 1024, Integer.MAX_VALUE);
        requireRange("segment.bytes", segmentBytes, 1024, Integer.MAX_VALUE);
        requireRange("message.max.bytes", maxMessageBytes, 0, Integer.MAX_VALUE);
        requireRange("num.network.threads", networkThreads, 0, 1024);
        requireRange("group.initial.rebalance.delay.ms", groupInitialRebalanceDelayMs, 0, Integer.MAX_VALUE);
        if (flushIntervalMs <= 0) {
            throw new IllegalArgumentException("flush.interval.ms must be positive, was " + flushIntervalMs);
        }
    }

    /** Defaults that work for a developer machine and for the embedded stack (see {@link BrokerSetting}). */
    public static BrokerConfig defaults() {
        return BrokerConfigLoader.load(null, Map.of(), Map.of());
    }

    /** Every setting with its value in this config, as DescribeConfigs for the broker reports them. */
    public Map<BrokerSetting, String> asSettings() {
        Map<BrokerSetting, String> values = new EnumMap<>(BrokerSetting.class);
        values.put(BrokerSetting.NODE_ID, String.valueOf(nodeId));
        values.put(BrokerSetting.HOST, bindHost);
        values.put(BrokerSetting.ADVERTISED_HOST, advertisedHost);
        values.put(BrokerSetting.PORT, String.valueOf(port));
        values.put(BrokerSetting.ADVERTISED_PORT, String.valueOf(advertisedPort));
        values.put(BrokerSetting.ADMIN_PORT, String.valueOf(adminPort));
        values.put(BrokerSetting.DATA_DIR, dataDir.toString());
        values.put(BrokerSetting.FLUSH, flushPolicy.name().toLowerCase(Locale.ROOT));
        values.put(BrokerSetting.FLUSH_INTERVAL_MS, String.valueOf(flushIntervalMs));
        values.put(BrokerSetting.AUTO_CREATE_TOPICS, String.valueOf(autoCreateTopics));
        values.put(BrokerSetting.NUM_PARTITIONS, String.valueOf(defaultPartitions));
        values.put(BrokerSetting.SOCKET_REQUEST_MAX_BYTES, String.valueOf(maxFrameBytes));
        values.put(BrokerSetting.NUM_NETWORK_THREADS, String.valueOf(networkThreads));
        values.put(BrokerSetting.SEGMENT_BYTES, String.valueOf(segmentBytes));
        values.put(BrokerSetting.SEGMENT_MS, String.valueOf(segmentMs));
        values.put(BrokerSetting.RETENTION_MS, String.valueOf(retentionMs));
        values.put(BrokerSetting.RETENTION_BYTES, String.valueOf(retentionBytes));
        values.put(BrokerSetting.MESSAGE_MAX_BYTES, String.valueOf(maxMessageBytes));
        values.put(BrokerSetting.GROUP_INITIAL_REBALANCE_DELAY_MS, String.valueOf(groupInitialRebalanceDelayMs));
        values.put(BrokerSetting.COORDINATOR_ENABLED, String.valueOf(coordinator.enabled()));
        values.put(BrokerSetting.COORDINATOR_TRANSACTION_TIMEOUT_MS, String.valueOf(coordinator.transactionTimeoutMs()));
        values.put(BrokerSetting.COORDINATOR_CHECK_MAX, String.valueOf(coordinator.checkMax()));
        values.put(BrokerSetting.COORDINATOR_CHECK_INTERVAL_MS, String.valueOf(coordinator.checkIntervalMs()));
        values.put(BrokerSetting.COORDINATOR_DELAY_MAX_MS, String.valueOf(coordinator.maxDelayMs()));
        values.put(BrokerSetting.COORDINATOR_HALF_PARTITIONS, String.valueOf(coordinator.halfPartitions()));
        values.put(BrokerSetting.COORDINATOR_DELAY_PARTITIONS, String.valueOf(coordinator.delayPartitions()));
        return values;
    }

    /** A copy listening on the given ports (0 = any free port) with another data directory; for tests and tools. */
    public BrokerConfig withEndpoints(int newPort, int newAdminPort, Path newDataDir) {
        return new BrokerConfig(nodeId, bindHost, advertisedHost, newPort, advertisedPort, newAdminPort, newDataDir, flushPolicy,
                flushIntervalMs, autoCreateTopics, defaultPartitions, maxFrameBytes, networkThreads, segmentBytes,
                segmentMs, retentionMs, retentionBytes, maxMessageBytes, groupInitialRebalanceDelayMs, coordinator);
    }

    /** A copy that advertises another port to clients (e.g. a proxy in front of the broker). */
    public BrokerConfig withAdvertisedPort(int newAdvertisedPort) {
        return new BrokerConfig(nodeId, bindHost, advertisedHost, port, newAdvertisedPort, adminPort, dataDir, flushPolicy,
                flushIntervalMs, autoCreateTopics, defaultPartitions, maxFrameBytes, networkThreads, segmentBytes,
                segmentMs, retentionMs, retentionBytes, maxMessageBytes, groupInitialRebalanceDelayMs, coordinator);
    }

    /** A copy with another flush policy. */
    public BrokerConfig withFlushPolicy(FlushPolicy newFlushPolicy) {
        return new BrokerConfig(nodeId, bindHost, advertisedHost, port, advertisedPort, adminPort, dataDir, newFlushPolicy,
                flushIntervalMs, autoCreateTopics, defaultPartitions, maxFrameBytes, networkThreads, segmentBytes,
                segmentMs, retentionMs, retentionBytes, maxMessageBytes, groupInitialRebalanceDelayMs, coordinator);
    }

    /** A copy with other coordinator settings. */
    public BrokerConfig withCoordinator(CoordinatorSettings newCoordinator) {
        return new BrokerConfig(nodeId, bindHost, advertisedHost, port, advertisedPort, adminPort, dataDir, flushPolicy,
                flushIntervalMs, autoCreateTopics, defaultPartitions, maxFrameBytes, networkThreads, segmentBytes,
                segmentMs, retentionMs, retentionBytes, maxMessageBytes, groupInitialRebalanceDelayMs, newCoordinator);
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }
}
