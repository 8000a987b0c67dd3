package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;

/**
 * Creates the Kafka clients the commands talk through, from the fully resolved client properties
 * ({@link ClientSettings}). Tests substitute their own to observe or redirect what the commands
 * connect to. The caller owns and closes each client it gets.
 */
public interface ClientFactory {

    Admin admin(Map<String, Object> config);

    Producer<byte[], byte[]> producer(Map<String, Object> config);

    Consumer<byte[], byte[]> consumer(Map<String, Object> config);

    /** Real kafka-clients instances, keys and values as raw bytes. */
    static ClientFactory kafka() {
        return KafkaClients.INSTANCE;
    }

    /** The production factory: plain kafka-clients. */
    enum KafkaClients implements ClientFactory {
        INSTANCE;

        @Override
        public Admin admin(Map<String, Object> config) {
            return Admin.create(config);
        }

        @Override
        public Producer<byte[], byte[]> producer(Map<String, Object> config) {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
    }
}
