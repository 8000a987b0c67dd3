package io.seckill.mq.broker.log;

import org.apache.kafka.common.TopicPartition;

/**
 * Told when a partition's high watermark moves forward, e.g. to complete delayed fetches and
 * acks=all produce requests. Called from the log flusher thread (SYNC partitions) or from the
 * appending thread after it released the partition lock (ASYNC partitions), possibly
 * concurrently for one partition: a call can carry a value lower than one already seen, so
 * implementations keep the maximum. Must not block.
 */
@FunctionalInterface
public interface HighWatermarkListener {
    HighWatermarkListener NONE = (tp, highWatermark) -> { };

    void onHighWatermarkAdvanced(TopicPartition tp, long highWatermark);
}
