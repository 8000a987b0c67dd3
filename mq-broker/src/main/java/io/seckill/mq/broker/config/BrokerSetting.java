package io.seckill.mq.broker.config;

import io.seckill.mq.client.MqContract;

import java.util.Locale;
import java.util.Optional;

/**
 * The broker's settings: one place for each key, its default and its environment variable.
 * Keys follow Apache Kafka's broker config names where Kafka has one.
 */
public enum BrokerSetting {
    NODE_ID("node.id", "0"),
    HOST("host", "0.0.0.0"),
    ADVERTISED_HOST("advertised.host", "localhost"),
    PORT("port", "9092"),
    /** Port given to clients in metadata; 0 = the bound port. Set it when clients reach the broker through a proxy or NAT. */
    ADVERTISED_PORT("advertised.port", "0"),
    ADMIN_PORT("admin.port", "9644"),
    DATA_DIR("data.dir", "data/mq-broker"),
    FLUSH("flush", "sync"),
    FLUSH_INTERVAL_MS("flush.interval.ms", "1000"),
    AUTO_CREATE_TOPICS("auto.create.topics.enable", "true"),
    NUM_PARTITIONS("num.partitions", "1"),
    SOCKET_REQUEST_MAX_BYTES("socket.request.max.bytes", String.valueOf(100 * 1024 * 1024)),
    NUM_NETWORK_THREADS("num.network.threads", "0"),
    SEGMENT_BYTES("log.segment.bytes", String.valueOf(1024 * 1024 * 1024)),
    SEGMENT_MS("log.roll.ms", String.valueOf(7L * 24 * 3600 * 1000)),
    RETENTION_MS("log.retention.ms", String.valueOf(7L * 24 * 3600 * 1000)),
    RETENTION_BYTES("log.retention.bytes", "-1"),
    MESSAGE_MAX_BYTES("message.max.bytes", String.valueOf(1024 * 1024 + 12)),
    /** How long the first rebalance of an empty group waits for more members; Kafka's default is 3000. */
    GROUP_INITIAL_REBALANCE_DELAY_MS("group.initial.rebalance.delay.ms", "0"),
    /** Run the half-message and delayed-delivery coordinator inside the broker. */
    COORDINATOR_ENABLED("coordinator.enabled", "true"),
    COORDINATOR_TRANSACTION_TIMEOUT_MS("coordinator.transaction.timeout.ms",
            String.valueOf(MqContract.Defaults.TRANSACTION_TIMEOUT.toMillis())),
    COORDINATOR_CHECK_MAX("coordinator.check.max", String.valueOf(MqContract.Defaults.CHECK_MAX)),
    COORDINATOR_CHECK_INTERVAL_MS("coordinator.check.interval.ms",
            String.valueOf(MqContract.Defaults.CHECK_INTERVAL.toMillis())),
    COORDINATOR_DELAY_MAX_MS("coordinator.delay.max.ms", String.valueOf(MqContract.Defaults.MAX_DELAY.toMillis())),
    COORDINATOR_HALF_PARTITIONS("coordinator.half.partitions", String.valueOf(MqContract.Defaults.HALF_PARTITIONS)),
    COORDINATOR_DELAY_PARTITIONS("coordinator.delay.partitions", String.valueOf(MqContract.Defaults.DELAY_PARTITIONS));

    private static final String ENV_PREFIX = "MQ_BROKER_";

    private final String key;
    private final String defaultValue;

    BrokerSetting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** {@code data.dir} → {@code MQ_BROKER_DATA_DIR}. */
    public String envName() {
        return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    public static Optional<BrokerSetting> byKey(String key) {
        for (BrokerSetting setting : values()) {
            if (setting.key.equals(key)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }
}
