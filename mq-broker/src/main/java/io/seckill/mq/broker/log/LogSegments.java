package io.seckill.mq.broker.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of one partition log by base offset; the last one is the active segment.
 * Invariant: never empty, and the segments' offsets are contiguous. Thread-safety: changes run
 * under the owning partition's lock; lookups are lock-free (a concurrent skip list), and a
 * segment removed meanwhile stays readable until its files are deleted after the grace period.
 */
final class LogSegments {
    private final Path dir;
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final DelayedFileDeleter deleter;

    LogSegments(Path dir, NavigableMap<Long, LogSegment> loaded, DelayedFileDeleter deleter) {
        this.dir = dir;
        this.segments = new ConcurrentSkipListMap<>(loaded);
        this.deleter = deleter;
    }

    /** A read-only view by base offset. */
    NavigableMap<Long, LogSegment> view() {
        return Collections.unmodifiableNavigableMap(segments);
    }

    LogSegment active() {
        return segments.lastEntry().getValue();
    }

    long logStartOffset() {
        return segments.firstKey();
    }

    Collection<LogSegment> all() {
        return segments.values();
    }

    int count() {
        return segments.size();
    }

    long sizeInBytes() {
        long size = 0;
        for (LogSegment segment : segments.values()) {
            size += segment.sizeInBytes();
        }
        return size;
    }

    /** Rolls the active segment and makes a new, empty one starting at {@code baseOffset} active. */
    LogSegment roll(long baseOffset) throws IOException {
        LogSegment next = LogSegment.create(dir, baseOffset);
        active().roll();
        segments.put(baseOffset, next);
        return next;
    }

    /**
     * Keeps only what lies below {@code offset}: later segments are retired and the one holding
     * {@code offset} truncated and made active again; below the first segment the log restarts
     * empty at {@code offset}.
     */
    LogSegment truncateTo(long offset, long fileDeleteDelayMs) throws IOException {
        if (offset < logStartOffset()) {
            segments.put(offset, LogSegment.create(dir, offset));
        }
        for (LogSegment segment : new ArrayList<>(segments.tailMap(offset, false).values())) {
            retire(segment, fileDeleteDelayMs);
        }
        LogSegment active = active();
        active.truncateTo(offset);
        active.reactivate();
        return active;
    }

    /** Removes a segment; its files are renamed now and deleted after {@code fileDeleteDelayMs}. */
    void retire(LogSegment segment, long fileDeleteDelayMs) throws IOException {
        segments.remove(segment.baseOffset());
        segment.markDeleted();
        deleter.schedule(segment::closeAndDeleteFiles, fileDeleteDelayMs);
    }

    /** Fsyncs the segments from base offset {@code fromBase} to {@code toBase}, sealing those before it. */
    void sync(long fromBase, long toBase) throws IOException {
        for (LogSegment segment : segments.subMap(Math.min(fromBase, toBase), true, toBase, true).values()) {
            segment.flush();
            if (segment.baseOffset() < toBase) {
                segment.sealIfRolled();
            }
        }
    }

    /** Graceful close of every segment: fsync, index files, file handles. */
    void close() throws IOException {
        for (LogSegment segment : segments.values()) {
            segment.close();
        }
    }

    /** The segments, for a caller that closes their files once in-flight reads are done. */
    List<LogSegment> snapshot() {
        return List.copyOf(segments.values());
    }
}
