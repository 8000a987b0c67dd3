package io.seckill.mq.broker.log;

/**
 * An immutable snapshot of a point in a partition log that lies on a batch boundary: every offset
 * below {@code offset} is stored in segments up to the one starting at {@code segmentBaseOffset},
 * whose first {@code segmentPosition} bytes hold its share of them. {@code segmentMaxTimestamp} is
 * that segment's largest timestamp within those bytes. Readers use it to bound what they expose
 * (log end, high watermark) without taking the partition lock.
 */
record LogPosition(long offset, long segmentBaseOffset, int segmentPosition, TimestampOffset segmentMaxTimestamp) {

    /** The start of an empty segment. */
    static LogPosition startOf(long segmentBaseOffset) {
        return new LogPosition(segmentBaseOffset, segmentBaseOffset, 0, TimestampOffset.NONE);
    }
}
