package io.seckill.mq.broker.log;

/**
 * Outcome of one successful {@link PartitionLog#append}: the offsets the request's records got
 * (for a duplicate, the offsets they got when first appended; nothing was appended then).
 *
 * @param logAppendTimeMs the broker time stamped on the batches, or -1 unless the topic uses LogAppendTime
 */
public record LogAppendResult(long firstOffset, long lastOffset, long logAppendTimeMs, long logStartOffset,
                              boolean duplicate, int appendedBytes, int appendedRecords) {
}
