package io.seckill.mq.broker.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.FileRecords.TimestampAndOffset;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The read side of a partition log: fetches and timestamp lookups over its segments, bounded by
 * a {@link LogPosition} (the high watermark) so that nothing above it is ever exposed. Takes no
 * lock: the segment map is concurrent, and a segment removed meanwhile keeps its file open for
 * file.delete.delay.ms. Thread-safe.
 */
final class LogReader {
    private final TopicPartition topicPartition;
    private final NavigableMap<Long, LogSegment> segments;

    LogReader(TopicPartition topicPartition, NavigableMap<Long, LogSegment> segments) {
        this.topicPartition = topicPartition;
        this.segments = segments;
    }

    /** See {@link PartitionLog#read}; {@code bound} is the high watermark, {@code endOffset} the log end. */
    LogReadResult read(LogPosition bound, long endOffset, long fetchOffset, int maxBytes, boolean minOneBatch) {
        long startOffset = segments.firstKey();
        if (fetchOffset < startOffset || fetchOffset > endOffset) {
            throw new OffsetOutOfRangeException("offset " + fetchOffset + " is outside [" + startOffset + ", "
                    + endOffset + "] of " + topicPartition);
        }
        FileSlice slice = FileSlice.EMPTY;
        if (fetchOffset < bound.offset()) {
            Map.Entry<Long, LogSegment> entry = segments.floorEntry(fetchOffset);
            if (entry == null) {
                throw new OffsetOutOfRangeException("offset " + fetchOffset + " of " + topicPartition
                        + " was just deleted by retention");
            }
            LogSegment segment = entry.getValue();
            if (segment.baseOffset() <= bound.segmentBaseOffset()) {
                slice = segment.read(fetchOffset, maxBytes, minOneBatch, bytesBelow(segment, bound));
            }
        }
        return new LogReadResult(slice, bound.offset(), startOffset, endOffset);
    }

    /** The first record with a timestamp >= {@code targetTimestampMs} below {@code bound}. */
    Optional<TimestampAndOffset> offsetForTimestamp(LogPosition bound, long targetTimestampMs) {
        long startOffset = segments.firstKey();
        for (LogSegment segment : segments.headMap(bound.segmentBaseOffset(), true).values()) {
            if (maxTimestampBelow(segment, bound).timestampMs() >= targetTimestampMs) {
                Optional<TimestampAndOffset> found = segment.findByTimestamp(targetTimestampMs, startOffset,
                        bytesBelow(segment, bound));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The record with the largest timestamp below {@code bound} (the first one, on ties). */
    Optional<TimestampAndOffset> offsetOfMaxTimestamp(LogPosition bound) {
        TimestampOffset best = TimestampOffset.NONE;
        LogSegment bestSegment = null;
        for (LogSegment segment : segments.headMap(bound.segmentBaseOffset(), true).values()) {
            TimestampOffset max = maxTimestampBelow(segment, bound);
            if (max.timestampMs() > best.timestampMs()) {
                best = max;
                bestSegment = segment;
            }
        }
        return bestSegment == null ? Optional.empty()
                : bestSegment.recordWithTimestamp(best, bytesBelow(bestSegment, bound));
    }

    /** How many bytes at the start of {@code segment} lie below {@code bound}. */
    private static int bytesBelow(LogSegment segment, LogPosition bound) {
        return segment.baseOffset() == bound.segmentBaseOffset() ? bound.segmentPosition() : segment.sizeInBytes();
    }

    private static TimestampOffset maxTimestampBelow(LogSegment segment, LogPosition bound) {
        return segment.baseOffset() == bound.segmentBaseOffset() ? bound.segmentMaxTimestamp() : segment.maxTimestamp();
    }
}
