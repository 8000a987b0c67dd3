package io.seckill.mq.broker.log;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one segment knows about its batches besides their bytes: the sparse {@link OffsetIndex}
 * and {@link TimeIndex}, the offset after the last batch and the largest timestamp so far.
 * Invariant: it describes exactly the (contiguous) batches added since it was cleared, in order;
 * an offset index entry is added for a batch once more than {@code indexIntervalBytes} were
 * added since the previous entry, together with a time index entry when the largest timestamp grew.
 *
 * <p>It also remembers the last {@value #RECENT} batches added exactly (offsets, position, size),
 * so that reads near the end of the log, which is where caught-up consumers read, find their
 * batches without reading batch headers from the file.
 *
 * <p>Thread-safety: one writer at a time (the owning partition's lock, or the loader); readers
 * are lock-free through volatile fields and the indexes' published snapshots. The recent-batch
 * ring is a sequence-checked ring: an entry is written before the volatile count that publishes
 * it, and a reader drops what it read once the writer may have reused the slot.
 */
final class SegmentIndex {
    /** Batches remembered exactly; a power of two. */
    static final int RECENT = 128;
    /** What {@link #recentBatchContaining} and {@link #recentBoundaryAtOrBefore} return for "not known". */
    static final long UNKNOWN = -1;

    private final long baseOffset;
    private final OffsetIndex offsets;
    private final TimeIndex timestamps;
    private volatile long nextOffset;
    private volatile TimestampOffset maxTimestamp = TimestampOffset.NONE;
    private int bytesSinceLastEntry;
    /** The recent-batch ring, allocated by the first {@link #add}; slot = sequence number mod RECENT. */
    private long[] recentBase;
    private long[] recentLast;
    private int[] recentPosition;
    private int[] recentSize;
    /** Batches ever added to the ring (published after the slot is written). */
    private volatile long recentCount;
    /** Sequence numbers below this were forgotten (clear / truncation). */
    private volatile long recentFloor;

    SegmentIndex(long baseOffset) {
        this(baseOffset, new OffsetIndex(baseOffset), new TimeIndex(baseOffset));
    }

    private SegmentIndex(long baseOffset, OffsetIndex offsets, TimeIndex timestamps) {
        this.baseOffset = baseOffset;
        this.offsets = offsets;
        this.timestamps = timestamps;
        this.nextOffset = baseOffset;
    }

    /**
     * Loads the index files of a segment of {@code logSizeBytes} bytes; empty when either is
     * unusable. The caller completes it with {@link #restoreTail}.
     */
    static Optional<SegmentIndex> load(Path dir, long baseOffset, int logSizeBytes) throws IOException {
        Optional<OffsetIndex> offsets = OffsetIndex.load(LogFiles.offsetIndexFile(dir, baseOffset), baseOffset,
                logSizeBytes);
        Optional<TimeIndex> timestamps = TimeIndex.load(LogFiles.timeIndexFile(dir, baseOffset), baseOffset);
        return offsets.isPresent() && timestamps.isPresent()
                ? Optional.of(new SegmentIndex(baseOffset, offsets.get(), timestamps.get())) : Optional.empty();
    }

    /** The offset after the last batch ({@code baseOffset} when there is none). */
    long nextOffset() {
        return nextOffset;
    }

    TimestampOffset maxTimestamp() {
        return maxTimestamp;
    }

    /** Position of the last indexed batch starting at or before {@code offset}; 0 when none. */
    int positionAtOrBefore(long offset) {
        return offsets.positionAtOrBefore(offset);
    }

    /** The largest indexed batch position that is at most {@code position}; 0 when none. */
    int indexedPositionAtOrBefore(int position) {
        return offsets.indexedPositionAtOrBefore(position);
    }

    /** An offset before which every timestamp is below {@code timestampMs}; -1 when unknown. */
    long offsetBefore(long timestampMs) {
        return timestamps.offsetBefore(timestampMs);
    }

    /** Accounts for a batch of {@code sizeInBytes} bytes at {@code position} that follows the previous one. */
    void add(long batchBaseOffset, long batchLastOffset, long batchMaxTimestamp, int position, int sizeInBytes,
             int indexIntervalBytes) {
        TimestampOffset max = maxTimestamp;
        if (batchMaxTimestamp > max.timestampMs()) {
            max = new TimestampOffset(batchMaxTimestamp, batchLastOffset);
            maxTimestamp = max;
        }
        if (bytesSinceLastEntry > indexIntervalBytes) {
            offsets.append(batchBaseOffset, position);
            if (max.offset() >= 0) {
                timestamps.maybeAppend(max.timestampMs(), max.offset());
            }
            bytesSinceLastEntry = 0;
        }
        bytesSinceLastEntry += sizeInBytes;
        rememberRecent(batchBaseOffset, batchLastOffset, position, sizeInBytes);
        nextOffset = batchLastOffset + 1;
    }

    private void rememberRecent(long batchBaseOffset, long batchLastOffset, int position, int sizeInBytes) {
        if (recentBase == null) {
            recentBase = new long[RECENT];
            recentLast = new long[RECENT];
            recentPosition = new int[RECENT];
            recentSize = new int[RECENT];
        }
        long sequence = recentCount;
        int slot = (int) (sequence & (RECENT - 1));
        recentBase[slot] = batchBaseOffset;
        recentLast[slot] = batchLastOffset;
        recentPosition[slot] = position;
        recentSize[slot] = sizeInBytes;
        recentCount = sequence + 1;
    }

    /**
     * The position (high 32 bits) and size (low 32 bits) of the recent batch that contains
     * {@code offset}, or {@link #UNKNOWN} when it is not among the recent batches.
     */
    long recentBatchContaining(long offset) {
        long count = recentCount;
        long[] bases = recentBase;
        if (bases == null) {
            return UNKNOWN;
        }
        long lowest = Math.max(recentFloor, count - RECENT);
        for (long sequence = count - 1; sequence >= lowest; sequence--) {
            int slot = (int) (sequence & (RECENT - 1));
            long base = bases[slot];
            long last = recentLast[slot];
            int position = recentPosition[slot];
            int size = recentSize[slot];
            if (base <= offset) {
                boolean found = offset <= last && stillValid(sequence);
                return found ? ((long) position << 32) | (size & 0xFFFFFFFFL) : UNKNOWN;
            }
        }
        return UNKNOWN;
    }

    /**
     * The largest end of a recent batch that is at most {@code position} and at least
     * {@code notBelow}, or {@link #UNKNOWN} when the recent batches do not tell.
     */
    long recentBoundaryAtOrBefore(int position, int notBelow) {
        long count = recentCount;
        if (recentBase == null) {
            return UNKNOWN;
        }
        long lowest = Math.max(recentFloor, count - RECENT);
        for (long sequence = count - 1; sequence >= lowest; sequence--) {
            int slot = (int) (sequence & (RECENT - 1));
            int start = recentPosition[slot];
            long end = (long) start + recentSize[slot];
            if (end <= position) {
                return end >= notBelow && stillValid(sequence) ? end : UNKNOWN;
            }
            if (start < notBelow) {
                return UNKNOWN;
            }
        }
        return UNKNOWN;
    }

    /** Whether the ring slot of {@code sequence} was not reused or forgotten while it was being read. */
    private boolean stillValid(long sequence) {
        return recentCount - sequence < RECENT && sequence >= recentFloor;
    }

    /** Forgets the recent batches (the file below them changed). */
    private void forgetRecent() {
        recentFloor = recentCount;
    }

    /** Records the largest timestamp in the time index, so that a loaded index knows it. */
    void completeTimeIndex() {
        TimestampOffset max = maxTimestamp;
        if (max.offset() >= 0) {
            timestamps.maybeAppend(max.timestampMs(), max.offset());
        }
    }

    /** Forgets every batch. */
    void clear() {
        truncateFrom(baseOffset);
        maxTimestamp = TimestampOffset.NONE;
        nextOffset = baseOffset;
        bytesSinceLastEntry = 0;
    }

    /**
     * Forgets the index entries of batches at or after {@code offset}, a batch boundary, and
     * returns the position from which {@link #restoreTail} must read the remaining batches.
     */
    int truncateFrom(long offset) {
        forgetRecent();
        offsets.truncateFrom(offset);
        timestamps.truncateFrom(offset);
        return tailPosition();
    }

    /** Where the batches not covered by the indexes' last entries start. */
    int tailPosition() {
        long from = timestamps.lastOffset() >= 0 ? timestamps.lastOffset() : offsets.lastOffset();
        return offsets.positionAtOrBefore(from);
    }

    /**
     * Restores nextOffset, the largest timestamp and the index interval counter from the batches
     * after the index entries ({@code tail} starts at {@link #tailPosition()}). They must be v2,
     * contiguous, and agree with the offset index; otherwise the segment needs recovery.
     * Returns the bytes of the batches read.
     */
    int restoreTail(Iterable<FileChannelRecordBatch> tail) {
        long indexedTimestamp = timestamps.lastTimestamp();
        TimestampOffset max = indexedTimestamp >= 0
                ? new TimestampOffset(indexedTimestamp, timestamps.lastOffset()) : TimestampOffset.NONE;
        long next = -1;
        int bytes = 0;
        for (FileChannelRecordBatch batch : tail) {
            long expected = batch.position() == 0 ? baseOffset
                    : batch.position() == offsets.lastPosition() ? offsets.lastOffset() : next;
            if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || expected >= 0 && batch.baseOffset() != expected
                    || batch.lastOffset() < batch.baseOffset()) {
                throw new CorruptRecordException("unexpected batch at position " + batch.position());
            }
            if (batch.maxTimestamp() > max.timestampMs()) {
                max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
            }
            next = batch.lastOffset() + 1;
            bytes += batch.sizeInBytes();
        }
        next = next < 0 ? baseOffset : next;
        if (timestamps.lastOffset() >= next || offsets.entryCount() > 0 && offsets.lastOffset() >= next) {
            throw new CorruptRecordException("index entries beyond the last batch " + (next - 1));
        }
        maxTimestamp = max;
        nextOffset = next;
        bytesSinceLastEntry = bytes;
        return bytes;
    }

    void writeFiles(Path dir) throws IOException {
        timestamps.writeTo(LogFiles.timeIndexFile(dir, baseOffset));
        offsets.writeTo(LogFiles.offsetIndexFile(dir, baseOffset));
    }

    static void deleteFiles(Path dir, long baseOffset) throws IOException {
        for (Path file : files(dir, baseOffset)) {
            Files.deleteIfExists(file);
        }
    }

    static void renameFilesToDeleted(Path dir, long baseOffset) throws IOException {
        for (Path file : files(dir, baseOffset)) {
            if (Files.exists(file)) {
                Files.move(file, file.resolveSibling(file.getFileName() + LogFiles.DELETED_SUFFIX));
            }
        }
    }

    static void deleteRenamedFiles(Path dir, long baseOffset) throws IOException {
        for (Path file : files(dir, baseOffset)) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + LogFiles.DELETED_SUFFIX));
        }
    }

    private static List<Path> files(Path dir, long baseOffset) {
        return List.of(LogFiles.offsetIndexFile(dir, baseOffset), LogFiles.timeIndexFile(dir, baseOffset));
    }
}
