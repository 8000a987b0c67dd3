package io.seckill.mq.broker.log;

import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.util.List;

/**
 * Producer records that passed {@link RecordBatchValidator}: {@code batches} are views over
 * {@code records}' buffer, in order, covering it exactly, holding {@code recordCount} records.
 */
record ValidatedRecords(MemoryRecords records, List<MutableRecordBatch> batches, int recordCount) {

    int sizeInBytes() {
        return records.sizeInBytes();
    }

    /**
     * Gives the batches consecutive offsets from {@code firstOffset} and leader epoch 0 (and the
     * broker time for LogAppendTime) by rewriting their headers in place; the CRC does not cover
     * offsets or the leader epoch. Returns the log append time, or NO_TIMESTAMP for CreateTime.
     */
    long assignOffsets(long firstOffset, TimestampType timestampType, long nowMs) {
        long nextOffset = firstOffset;
        for (MutableRecordBatch batch : batches) {
            nextOffset += batch.countOrNull();
            batch.setLastOffset(nextOffset - 1);
            batch.setPartitionLeaderEpoch(0);
            if (timestampType == TimestampType.LOG_APPEND_TIME) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, nowMs);
            }
        }
        return timestampType == TimestampType.LOG_APPEND_TIME ? nowMs : RecordBatch.NO_TIMESTAMP;
    }
}
