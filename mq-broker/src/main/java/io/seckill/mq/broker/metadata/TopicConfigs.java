package io.seckill.mq.broker.metadata;

import io.seckill.mq.broker.config.BrokerConfig;
import io.seckill.mq.broker.log.FlushPolicy;
import io.seckill.mq.broker.log.LogConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The topic-level configuration keys this broker understands (Apache Kafka's names), their
 * broker-wide defaults, validation, and the translation into a {@link LogConfig}.
 *
 * <p>A topic stores only its overrides; every other key takes the broker default. Keys Kafka has
 * but this broker does not implement (compaction, tiered storage, ...) are rejected with
 * INVALID_CONFIG rather than accepted and ignored.
 */
public final class TopicConfigs {

    /** Topic config key for the flush policy ({@code sync} or {@code async}); not a Kafka key. */
    public static final String FLUSH_POLICY_CONFIG = "flush.policy";

    /** One supported key: its type as DescribeConfigs reports it and its broker-level synonym. */
    public record Definition(String name, ConfigType type, String brokerSynonym, String documentation,
                             Predicate<String> validator, String expectation) {
    }

    /** Config value types as DescribeConfigs v3+ reports them. */
    public enum ConfigType {
        UNKNOWN(0), BOOLEAN(1), STRING(2), INT(3), SHORT(4), LONG(5), DOUBLE(6), LIST(7), CLASS(8), PASSWORD(9);

        public final byte id;

        ConfigType(int id) {
            this.id = (byte) id;
        }
    }

    private static final List<Definition> DEFINITIONS = List.of(
            def(TopicConfig.CLEANUP_POLICY_CONFIG, ConfigType.LIST, "log.cleanup.policy", TopicConfig.CLEANUP_POLICY_DOC,
                    TopicConfig.CLEANUP_POLICY_DELETE::equals, "'delete' (compaction is not supported)"),
            def(TopicConfig.COMPRESSION_TYPE_CONFIG, ConfigType.STRING, "compression.type", TopicConfig.COMPRESSION_TYPE_DOC,
                    "producer"::equals, "'producer' (batches are stored as the producer sent them)"),
            def(TopicConfig.RETENTION_MS_CONFIG, ConfigType.LONG, "log.retention.ms", TopicConfig.RETENTION_MS_DOC,
                    v -> parseLong(v).filter(l -> l >= -1).isPresent(), "a long >= -1"),
            def(TopicConfig.RETENTION_BYTES_CONFIG, ConfigType.LONG, "log.retention.bytes", TopicConfig.RETENTION_BYTES_DOC,
                    v -> parseLong(v).filter(l -> l >= -1).isPresent(), "a long >= -1"),
            def(TopicConfig.SEGMENT_BYTES_CONFIG, ConfigType.INT, "log.segment.bytes", TopicConfig.SEGMENT_BYTES_DOC,
                    v -> parseLong(v).filter(l -> l >= 14 && l <= Integer.MAX_VALUE).isPresent(), "an int >= 14"),
            def(TopicConfig.SEGMENT_MS_CONFIG, ConfigType.LONG, "log.roll.ms", TopicConfig.SEGMENT_MS_DOC,
                    v -> parseLong(v).filter(l -> l >= 1).isPresent(), "a long >= 1"),
            def(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ConfigType.INT, "message.max.bytes", TopicConfig.MAX_MESSAGE_BYTES_DOC,
                    v -> parseLong(v).filter(l -> l >= 0 && l <= Integer.MAX_VALUE).isPresent(), "an int >= 0"),
            def(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, ConfigType.INT, "log.index.interval.bytes",
                    TopicConfig.INDEX_INTERVAL_BYTES_DOC,
                    v -> parseLong(v).filter(l -> l >= 0 && l <= Integer.MAX_VALUE).isPresent(), "an int >= 0"),
            def(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, ConfigType.STRING, "log.message.timestamp.type",
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC,
                    v -> v.equals("CreateTime") || v.equals("LogAppendTime"), "CreateTime or LogAppendTime"),
            def(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, ConfigType.LONG, "log.segment.delete.delay.ms",
                    TopicConfig.FILE_DELETE_DELAY_MS_DOC, v -> parseLong(v).filter(l -> l >= 0).isPresent(), "a long >= 0"),
            def(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, ConfigType.INT, "min.insync.replicas",
                    TopicConfig.MIN_IN_SYNC_REPLICAS_DOC, v -> parseLong(v).filter(l -> l >= 1 && l <= Integer.MAX_VALUE).isPresent(),
                    "an int >= 1"),
            def(TopicConfig.FLUSH_MS_CONFIG, ConfigType.LONG, "flush.interval.ms",
                    "With flush.policy=async, the interval between fsyncs of this topic's logs.",
                    v -> parseLong(v).filter(l -> l >= 1).isPresent(), "a long >= 1"),
            def(FLUSH_POLICY_CONFIG, ConfigType.STRING, "flush",
                    "sync: a produce request with acks=all is answered only after its data is fsynced (group commit), and "
                            + "consumers see only fsynced data; async: data is fsynced every flush.ms.",
                    v -> v.equalsIgnoreCase("sync") || v.equalsIgnoreCase("async"), "sync or async"));

    private final BrokerConfig broker;

    public TopicConfigs(BrokerConfig broker) {
        this.broker = broker;
    }

    public static List<Definition> definitions() {
        return DEFINITIONS;
    }

    public static Optional<Definition> definition(String name) {
        return DEFINITIONS.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Rejects unknown keys and invalid values; returns the overrides unchanged when they are valid. */
    public static Map<String, String> validate(Map<String, String> overrides) {
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            Definition definition = definition(entry.getKey()).orElseThrow(() -> new InvalidConfigurationException(
                    "Unsupported topic config '" + entry.getKey() + "'"));
            String value = entry.getValue();
            if (value == null || !definition.validator().test(value.trim())) {
                throw new InvalidConfigurationException("Invalid value '" + value + "' for topic config '"
                        + entry.getKey() + "': expected " + definition.expectation());
            }
        }
        return overrides;
    }

    /** The broker-wide default of a topic key, as a string. */
    public String brokerDefault(String name) {
        return switch (name) {
            case TopicConfig.CLEANUP_POLICY_CONFIG -> TopicConfig.CLEANUP_POLICY_DELETE;
            case TopicConfig.COMPRESSION_TYPE_CONFIG -> "producer";
            case TopicConfig.RETENTION_MS_CONFIG -> String.valueOf(broker.retentionMs());
            case TopicConfig.RETENTION_BYTES_CONFIG -> String.valueOf(broker.retentionBytes());
            case TopicConfig.SEGMENT_BYTES_CONFIG -> String.valueOf(broker.segmentBytes());
            case TopicConfig.SEGMENT_MS_CONFIG -> String.valueOf(broker.segmentMs());
            case TopicConfig.MAX_MESSAGE_BYTES_CONFIG -> String.valueOf(broker.maxMessageBytes());
            case TopicConfig.INDEX_INTERVAL_BYTES_CONFIG -> "4096";
            case TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG -> "CreateTime";
            case TopicConfig.FILE_DELETE_DELAY_MS_CONFIG -> "60000";
            case TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG -> "1";
            case TopicConfig.FLUSH_MS_CONFIG -> String.valueOf(broker.flushIntervalMs());
            case FLUSH_POLICY_CONFIG -> broker.flushPolicy().name().toLowerCase(java.util.Locale.ROOT);
            default -> throw new IllegalArgumentException("unknown topic config " + name);
        };
    }

    /** Every supported key with its effective value for a topic with these overrides. */
    public Map<String, String> effective(Map<String, String> overrides) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Definition definition : DEFINITIONS) {
            result.put(definition.name(), overrides.getOrDefault(definition.name(), brokerDefault(definition.name())));
        }
        return result;
    }

    public LogConfig logConfig(Map<String, String> overrides) {
        Map<String, String> v = effective(overrides);
        return new LogConfig(
                Integer.parseInt(v.get(TopicConfig.SEGMENT_BYTES_CONFIG)),
                Long.parseLong(v.get(TopicConfig.SEGMENT_MS_CONFIG)),
                Long.parseLong(v.get(TopicConfig.RETENTION_MS_CONFIG)),
                Long.parseLong(v.get(TopicConfig.RETENTION_BYTES_CONFIG)),
                Integer.parseInt(v.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)),
                Integer.parseInt(v.get(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG)),
                v.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).equals("LogAppendTime")
                        ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
                FlushPolicy.parse(v.get(FLUSH_POLICY_CONFIG)),
                Long.parseLong(v.get(TopicConfig.FLUSH_MS_CONFIG)),
                Long.parseLong(v.get(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG)));
    }

    /** Whether acks=all must fail on this single-replica broker; the broker default is 1. Cheap: runs per produce. */
    public static boolean minInSyncReplicasAboveOne(Map<String, String> overrides) {
        String value = overrides.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        return value != null && Integer.parseInt(value.trim()) > 1;
    }

    private static Definition def(String name, ConfigType type, String synonym, String doc,
                                  Predicate<String> validator, String expectation) {
        return new Definition(name, type, synonym, doc, validator, expectation);
    }

    private static Optional<Long> parseLong(String value) {
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
