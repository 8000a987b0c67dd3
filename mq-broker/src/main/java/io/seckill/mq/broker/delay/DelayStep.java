package io.seckill.mq.broker.delay;

import io.seckill.mq.client.DelayTier;
import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MqContract.Headers;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Optional;

/**
 * What to do with the record at the head of a delay or tier partition, now. Never early: a message is delivered
 * only once its due time has passed; a tier record is not looked at before its tier delay has passed.
 *
 * <p>A message goes to the longest tier that still leaves {@link #SLACK_MS} before its due time, so the time it
 * takes to move from tier to tier is absorbed by the next step instead of adding up to lateness; the last stretch,
 * shorter than the shortest tier plus the slack, is waited out in memory.
 */
sealed interface DelayStep {

    long SLACK_MS = 250;

    /** Due: deliver it to its target topic. */
    record Deliver(String targetTopic, String messageId, long dueAtMs) implements DelayStep {
    }

    /** Not due: move it on to the longest tier that does not overshoot the due time. */
    record Route(DelayTier tier) implements DelayStep {
    }

    /** A tier record whose tier delay is not over: look at the partition again at {@code untilMs}. */
    record Wait(long untilMs) implements DelayStep {
    }

    /** Due within about a second: hold it in memory and deliver it at {@code dueAtMs}. */
    record Hold(String targetTopic, String messageId, long dueAtMs) implements DelayStep {
    }

    /** It can never be delivered: send it to the dead topic. */
    record Dead(String reason) implements DelayStep {
    }

    /**
     * @param tier       the tier the record is in, or null for the delay topic itself
     * @param maxDelayMs the longest accepted delay, measured from the record's timestamp
     */
    static DelayStep of(ConsumerRecord<byte[], byte[]> record, DelayTier tier, long maxDelayMs, long nowMs) {
        if (tier != null) {
            long exitAtMs = record.timestamp() + tier.delayMs();
            if (exitAtMs > nowMs) {
                return new Wait(exitAtMs);
            }
        }
        String target;
        String messageId;
        long dueAtMs;
        try {
            target = HeaderValues.string(record.headers(), Headers.TARGET_TOPIC);
            messageId = HeaderValues.string(record.headers(), Headers.MESSAGE_ID);
            dueAtMs = HeaderValues.longValue(record.headers(), Headers.DELIVER_AT, Long.MIN_VALUE);
        } catch (IllegalArgumentException e) {
            return new Dead("malformed: " + e.getMessage());
        }
        if (target == null || target.isEmpty() || messageId == null || dueAtMs == Long.MIN_VALUE) {
            return new Dead("malformed: a delayed message needs " + Headers.TARGET_TOPIC + ", " + Headers.MESSAGE_ID
                    + " and " + Headers.DELIVER_AT);
        }
        if (tier == null && dueAtMs - record.timestamp() > maxDelayMs) {
            return new Dead("delay of " + (dueAtMs - record.timestamp()) + " ms is beyond the maximum of " + maxDelayMs + " ms");
        }
        long remainingMs = dueAtMs - nowMs;
        if (remainingMs <= 0) {
            return new Deliver(target, messageId, dueAtMs);
        }
        Optional<DelayTier> next = DelayTier.longestWithin(remainingMs - SLACK_MS);
        return next.<DelayStep>map(Route::new).orElseGet(() -> new Hold(target, messageId, dueAtMs));
    }
}
