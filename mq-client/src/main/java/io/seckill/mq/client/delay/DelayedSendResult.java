package io.seckill.mq.client.delay;

import java.time.Instant;

/**
 * A stored delayed message.
 *
 * @param messageId the id the delivered message carries
 * @param deliverAt when it becomes due
 */
public record DelayedSendResult(String messageId, Instant deliverAt) {
}
