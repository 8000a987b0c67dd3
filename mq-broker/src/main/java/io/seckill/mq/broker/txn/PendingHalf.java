package io.seckill.mq.broker.txn;

import io.seckill.mq.broker.config.CoordinatorSettings;
import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MqContract.Headers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A half message waiting for its decision, as the coordinator holds it between reading it and the decision.
 * Its check state ({@link #checkCount}, {@link #nextCheckAtMs}) changes when a check is sent or a check marker is
 * replayed; only the engine thread touches it.
 */
final class PendingHalf {

    final String messageId;
    final long offset;
    final byte[] key;
    final byte[] value;
    final Header[] headers;
    final String targetTopic;
    final String producerGroup;
    final String transactionId;
    final int checkMax;
    final long checkIntervalMs;
    final long delayMs;
    int checkCount;
    long nextCheckAtMs;

    private PendingHalf(ConsumerRecord<byte[], byte[]> record, String messageId, String targetTopic,
                        String producerGroup, CoordinatorSettings defaults) {
        var h = record.headers();
        this.messageId = messageId;
        this.offset = record.offset();
        this.key = record.key();
        this.value = record.value();
        this.headers = h.toArray();
        this.targetTopic = targetTopic;
        this.producerGroup = producerGroup;
        String txId = HeaderValues.string(h, Headers.TRANSACTION_ID);
        this.transactionId = txId != null ? txId : messageId;
        this.checkMax = (int) HeaderValues.longValue(h, Headers.CHECK_MAX, defaults.checkMax());
        this.checkIntervalMs = positive(HeaderValues.longValue(h, Headers.CHECK_INTERVAL_MS, defaults.checkIntervalMs()),
                Headers.CHECK_INTERVAL_MS);
        this.delayMs = HeaderValues.longValue(h, Headers.DELAY_MS, 0);
        long timeoutMs = positive(HeaderValues.longValue(h, Headers.TRANSACTION_TIMEOUT_MS, defaults.transactionTimeoutMs()),
                Headers.TRANSACTION_TIMEOUT_MS);
        this.nextCheckAtMs = record.timestamp() + timeoutMs;
        if (checkMax < 0) {
            throw new IllegalArgumentException(Headers.CHECK_MAX + " must not be negative, was " + checkMax);
        }
        if (delayMs < 0) {
            throw new IllegalArgumentException(Headers.DELAY_MS + " must not be negative, was " + delayMs);
        }
    }

    /**
     * Reads a half message record.
     *
     * @throws IllegalArgumentException the record is not a well-formed half message (the reason says why)
     */
    static PendingHalf of(ConsumerRecord<byte[], byte[]> record, CoordinatorSettings defaults) {
        var h = record.headers();
        String messageId = required(HeaderValues.string(h, Headers.MESSAGE_ID), Headers.MESSAGE_ID);
        String targetTopic = required(HeaderValues.string(h, Headers.TARGET_TOPIC), Headers.TARGET_TOPIC);
        String producerGroup = required(HeaderValues.string(h, Headers.PRODUCER_GROUP), Headers.PRODUCER_GROUP);
        io.seckill.mq.client.MqContract.ProducerGroups.requireValid(producerGroup);
        return new PendingHalf(record, messageId, targetTopic, producerGroup, defaults);
    }

    /** A check was made (live or replayed from its marker) at {@code atMs}, the {@code count}-th one. */
    void checked(int count, long atMs) {
        checkCount = Math.max(checkCount, count);
        nextCheckAtMs = atMs + checkIntervalMs;
    }

    private static String required(String value, String header) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("half message without " + header);
        }
        return value;
    }

    private static long positive(long value, String header) {
        if (value <= 0) {
            throw new IllegalArgumentException(header + " must be positive, was " + value);
        }
        return value;
    }
}
