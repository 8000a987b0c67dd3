package io.seckill.mq.client.delay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.client.DelayLevel;
import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MessageIds;
import io.seckill.mq.client.MqClientException;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.MqContract.Headers;
import io.seckill.mq.client.ProtocolRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends messages that the coordinator delivers to their topic once due: after a delay (up to {@code maxDelay},
 * 7 days by default), at an instant, or after one of RocketMQ's 18 {@link DelayLevel levels}. The message keeps
 * its key, value and headers and gains a stable {@value Headers#MESSAGE_ID}. Delivery is no earlier than due and
 * survives broker and coordinator restarts. Thread-safe.
 */
public final class DelayedMessageSender {

    private final Producer<byte[], byte[]> producer;
    private final Duration maxDelay;
    private final Clock clock;
    private final Counter sent;

    /** @param producer a byte-array producer; not closed by this class */
    public DelayedMessageSender(Producer<byte[], byte[]> producer, Duration maxDelay, MeterRegistry registry) {
        this(producer, maxDelay, registry, Clock.systemUTC());
    }

    DelayedMessageSender(Producer<byte[], byte[]> producer, Duration maxDelay, MeterRegistry registry, Clock clock) {
        this.producer = producer;
        this.maxDelay = maxDelay;
        this.clock = clock;
        this.sent = Counter.builder("mq.producer.delayed").description("Delayed messages sent").register(registry);
    }

    /** Sends {@code message} to be delivered after {@code level}'s delay; waits for the broker's acknowledgement. */
    public DelayedSendResult send(ProducerRecord<byte[], byte[]> message, DelayLevel level) {
        return send(message, level.delay());
    }

    /** Sends {@code message} to be delivered after {@code delay}; waits for the broker's acknowledgement. */
    public DelayedSendResult send(ProducerRecord<byte[], byte[]> message, Duration delay) {
        return await(sendAsync(message, delay));
    }

    /** Sends {@code message} to be delivered at {@code deliverAt}; waits for the broker's acknowledgement. */
    public DelayedSendResult sendAt(ProducerRecord<byte[], byte[]> message, Instant deliverAt) {
        return await(sendAtAsync(message, deliverAt));
    }

    /** Like {@link #send(ProducerRecord, Duration)}, completing when the broker has acknowledged. */
    public CompletableFuture<DelayedSendResult> sendAsync(ProducerRecord<byte[], byte[]> message, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        return sendAtAsync(message, clock.instant().plus(delay));
    }

    /** Like {@link #sendAt(ProducerRecord, Instant)}, completing when the broker has acknowledged. */
    public CompletableFuture<DelayedSendResult> sendAtAsync(ProducerRecord<byte[], byte[]> message, Instant deliverAt) {
        Instant latest = clock.instant().plus(maxDelay);
        if (deliverAt.isAfter(latest)) {
            throw new IllegalArgumentException("delivery time " + deliverAt + " is beyond the maximum delay of " + maxDelay);
        }
        String messageId = HeaderValues.string(message.headers(), Headers.MESSAGE_ID);
        if (messageId == null) {
            messageId = MessageIds.next();
        }
        RecordHeaders headers = ProtocolRecords.applicationHeaders(message.headers());
        headers.add(Headers.MESSAGE_ID, HeaderValues.bytes(messageId));
        headers.add(Headers.TARGET_TOPIC, HeaderValues.bytes(message.topic()));
        headers.add(Headers.DELIVER_AT, HeaderValues.bytes(deliverAt.toEpochMilli()));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(MqContract.Topics.DELAY, null, null,
                message.key(), message.value(), headers);
        CompletableFuture<DelayedSendResult> result = new CompletableFuture<>();
        String id = messageId;
        producer.send(record, (RecordMetadata metadata, Exception error) -> {
            if (error != null) {
                result.completeExceptionally(new MqClientException("delayed message " + id + " was not stored: "
                        + error.getMessage(), error));
            } else {
                sent.increment();
                result.complete(new DelayedSendResult(id, deliverAt));
            }
        });
        return result;
    }

    private static DelayedSendResult await(CompletableFuture<DelayedSendResult> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MqClientException mq ? mq : new MqClientException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqClientException("interrupted while sending a delayed message", e);
        }
    }
}
