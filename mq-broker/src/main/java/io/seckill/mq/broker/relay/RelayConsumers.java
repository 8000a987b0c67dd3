package io.seckill.mq.broker.relay;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.HashMap;
import java.util.Map;

/** The consumer of a coordinator engine: bytes in, offsets committed only by the engine's checkpoints. */
public final class RelayConsumers {

    private RelayConsumers() {
    }

    /**
     * @param clientConfig connection settings shared by the coordinator's clients (non-consumer keys are dropped)
     * @param overrides    engine-specific consumer settings
     */
    public static KafkaConsumer<byte[], byte[]> create(Map<String, Object> clientConfig, String groupId, String clientId,
                                                       Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new coordinator group starts at the beginning: nothing written before it started may be skipped.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.putAll(overrides);
        return new KafkaConsumer<>(config);
    }
}
