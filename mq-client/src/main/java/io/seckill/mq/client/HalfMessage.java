package io.seckill.mq.client;

import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * A half message as its local transaction and its check-back handler see it.
 *
 * @param messageId     stable id, carried by the delivered message in {@link MqContract.Headers#MESSAGE_ID}
 * @param transactionId the sender's business transaction id (the message id unless the sender gave one)
 * @param producerGroup the group whose instances answer check-backs
 * @param targetTopic   where the message is delivered on commit
 * @param key           the message key (may be null)
 * @param value         the message value (may be null)
 * @param headers       the application's headers (no {@code mq-*} headers)
 */
public record HalfMessage(String messageId, String transactionId, String producerGroup, String targetTopic,
                          byte[] key, byte[] value, Headers headers) {

    /** The key as UTF-8 text, or null. */
    public String keyAsString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value as UTF-8 text, or null. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
