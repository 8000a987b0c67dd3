package io.seckill.mq.broker.log;

/** Outcome of {@link PartitionLog#read}: the records found and the partition's offsets at read time. */
public record LogReadResult(FileSlice records, long highWatermark, long logStartOffset, long logEndOffset) {
}
