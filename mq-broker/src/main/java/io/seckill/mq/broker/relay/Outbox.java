package io.seckill.mq.broker.relay;

import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MqContract;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * What one coordinator engine sends, with the bookkeeping that lets it checkpoint safely: a checkpoint may only
 * cover records whose sends have all succeeded. {@link #flush()} waits for every send so far; then a send that
 * failed for good (unknown or invalid topic, record too large) is moved to the dead topic with the reason, and a
 * send that failed transiently (timeout, broker gone) raises {@link RetryFromCheckpoint}: the engine drops its
 * state and replays from its last checkpoint, which re-sends it (at least once; the copies share one message id).
 *
 * <p>{@code send} may be called from the engine thread only; callbacks run on the producer's I/O thread and only
 * touch the concurrent failure queue.
 */
public final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final Producer<byte[], byte[]> producer;
    private final Consumer<String> deadLettered;
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();

    private record Failure(ProducerRecord<byte[], byte[]> record, Exception error) {
    }

    /** @param deadLettered told the reason each time a record is moved to the dead topic (for metrics) */
    public Outbox(Producer<byte[], byte[]> producer, Consumer<String> deadLettered) {
        this.producer = producer;
        this.deadLettered = deadLettered;
    }

    public void send(ProducerRecord<byte[], byte[]> record) {
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failures.add(new Failure(record, error));
            }
        });
    }

    /** Sends {@code record} to the dead topic, keeping its key, value and headers and adding the reason. */
    public void deadLetter(ProducerRecord<byte[], byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        HeaderValues.set(headers, MqContract.Headers.DEAD_REASON, reason);
        if (HeaderValues.string(headers, MqContract.Headers.TARGET_TOPIC) == null) {
            HeaderValues.set(headers, MqContract.Headers.TARGET_TOPIC, record.topic());
        }
        deadLettered.accept(reason);
        send(new ProducerRecord<>(MqContract.Topics.DEAD, null, null, record.key(), record.value(), headers));
    }

    /**
     * Waits until every record sent so far is acknowledged or failed, and settles the failures.
     *
     * @throws RetryFromCheckpoint a send failed transiently: nothing after the last checkpoint may be trusted
     */
    public void flush() {
        producer.flush();
        if (failures.isEmpty()) {
            return;
        }
        List<Failure> permanent = new ArrayList<>();
        RetryFromCheckpoint retry = null;
        for (Failure failure; (failure = failures.poll()) != null; ) {
            if (failure.error instanceof RetriableException) {
                retry = new RetryFromCheckpoint("send to " + failure.record.topic() + " failed: " + failure.error, failure.error);
            } else if (failure.record.topic().equals(MqContract.Topics.DEAD)) {
                retry = new RetryFromCheckpoint("could not write to the dead topic: " + failure.error, failure.error);
            } else {
                permanent.add(failure);
            }
        }
        if (retry != null) {
            throw retry;
        }
        for (Failure failure : permanent) {
            log.warn("moving a message for {} to {}: {}", failure.record.topic(), MqContract.Topics.DEAD, failure.error.toString());
            deadLetter(failure.record, "undeliverable: " + failure.error.getClass().getSimpleName() + ": " + failure.error.getMessage());
        }
        flush();
    }

    /** A transient send failure: replay from the last checkpoint. */
    public static final class RetryFromCheckpoint extends RuntimeException {
        public RetryFromCheckpoint(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
