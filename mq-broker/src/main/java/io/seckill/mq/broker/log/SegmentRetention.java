package io.seckill.mq.broker.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which segments retention deletes: the oldest ones, never the active one nor one reaching the
 * high watermark, while the next one's newest record is older than retention.ms or its removal
 * keeps the partition at least retention.bytes large (Kafka's rule). Stateless.
 */
final class SegmentRetention {

    private SegmentRetention() {
    }

    /** {@code segments} in offset order, the last one active; {@code totalBytes} their size. */
    static List<LogSegment> expiredSegments(Collection<LogSegment> segments, long totalBytes, long highWatermark,
                                            LogConfig config, long nowMs) throws IOException {
        List<LogSegment> expired = new ArrayList<>();
        long remainingBytes = totalBytes;
        int remainingSegments = segments.size();
        for (LogSegment segment : segments) {
            if (remainingSegments == 1 || segment.nextOffset() > highWatermark) {
                break;
            }
            boolean tooOld = config.retentionMs() >= 0 && nowMs - segment.largestTimestampMs() > config.retentionMs();
            boolean tooBig = config.retentionBytes() >= 0
                    && remainingBytes - segment.sizeInBytes() >= config.retentionBytes();
            if (!tooOld && !tooBig) {
                break;
            }
            expired.add(segment);
            remainingBytes -= segment.sizeInBytes();
            remainingSegments--;
        }
        return expired;
    }
}
