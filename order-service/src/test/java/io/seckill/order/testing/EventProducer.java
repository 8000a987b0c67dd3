package io.seckill.order.testing;

import io.seckill.testsupport.EmbeddedMqBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Sends records as the other services would: a plain {@link KafkaProducer}, key = order id, value = the event as
 * JSON. Each send waits for the broker's acknowledgement, so a test knows the record is there. Close it after use.
 */
public final class EventProducer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedMqBroker.shared().bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.LINGER_MS_CONFIG, 0));

    /** Sends {@code event} as JSON, keyed by {@code orderId}. */
    public void send(String topic, String orderId, Object event) {
        await(new ProducerRecord<>(topic, key(orderId), JSON.writeValueAsBytes(event)));
    }

    /** Sends raw {@code value} to one partition, e.g. a malformed record. */
    public void sendRaw(String topic, int partition, String orderId, byte[] value) {
        await(new ProducerRecord<>(topic, partition, key(orderId), value));
    }

    /** Sends {@code event} as JSON to one partition. */
    public void sendTo(String topic, int partition, String orderId, Object event) {
        sendRaw(topic, partition, orderId, JSON.writeValueAsBytes(event));
    }

    /** Sends a copy of a record (key, value and headers, so also its mq message id) to its topic. */
    public void resend(String topic, byte[] key, byte[] value, Iterable<Header> headers) {
        await(new ProducerRecord<>(topic, null, key, value, headers));
    }

    private void await(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + record.topic() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] key(String orderId) {
        return orderId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
