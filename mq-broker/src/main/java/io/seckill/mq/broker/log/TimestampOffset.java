package io.seckill.mq.broker.log;

import org.apache.kafka.common.record.RecordBatch;

/** A timestamp and the offset of the batch (its last offset) where it was seen. Immutable. */
record TimestampOffset(long timestampMs, long offset) {
    /** Nothing seen yet. */
    static final TimestampOffset NONE = new TimestampOffset(RecordBatch.NO_TIMESTAMP, -1);
}
