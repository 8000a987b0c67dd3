package io.seckill.inventory.testing;

import io.seckill.testsupport.EmbeddedMqBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Publishes events to the JVM's broker as another service would (key = the given id, value = the event as JSON),
 * waiting for each acknowledgement. One producer for the JVM, closed at exit. Thread-safe.
 */
public final class EventProducer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventProducer() {
    }

    /** Sends {@code event} as JSON and waits until the broker has it. */
    public static void send(String topic, String key, Object event) {
        sendRaw(topic, key, JSON.writeValueAsBytes(event));
    }

    /** Sends a value as it is (possibly malformed) and waits until the broker has it. */
    public static void sendRaw(String topic, String key, byte[] value) {
        try {
            Holder.PRODUCER.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lazy, thread-safe start of the one producer. */
    private static final class Holder {
        static final KafkaProducer<byte[], byte[]> PRODUCER = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedMqBroker.shared().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(PRODUCER::close, "event-producer-close"));
        }
    }
}
