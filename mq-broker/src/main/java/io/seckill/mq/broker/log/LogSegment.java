package io.seckill.mq.broker.log;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One segment of a partition log: the data file {@code <baseOffset>.log} holding whole v2 record
 * batches with contiguous offsets from {@code baseOffset}, plus its {@link SegmentIndex}.
 *
 * <p>Invariants: batches are contiguous (each batch's base offset is the previous batch's last
 * offset + 1, the first one's is {@code baseOffset}); the in-memory indexes cover every batch
 * appended so far. Index files exist on disk only for a SEALED segment (its data was fsynced
 * before they were written) and, after a clean shutdown, for every segment: so on an unclean
 * start a segment with valid index files needs no recovery.
 *
 * <p>Thread-safety: appends, truncation, rolling and recovery run under the owning partition's
 * lock. Reads are lock-free: the file size only covers completely written batches, and callers
 * bound reads by a {@link LogPosition} published after the append. Sealing, flushing and the
 * lifecycle {@link State} are guarded by this object's monitor, so the flusher can seal or fsync
 * a segment while the partition truncates or deletes it.
 */
final class LogSegment {

    /** ACTIVE takes appends; ROLLED waits for the flusher to seal it; SEALED has index files; DELETED is gone. */
    enum State { ACTIVE, ROLLED, SEALED, DELETED }

    private final Path dir;
    private final long baseOffset;
    private final FileRecords records;
    private final SegmentIndex index;
    /** When the first batch was appended (for segment.ms); guarded by the partition lock. */
    private long firstAppendMs = -1;
    /** Bytes known to be fsynced; guarded by this monitor, like the two fields below. */
    private int flushedBytes;
    private boolean directoryNeedsSync;
    private State state;

    private LogSegment(Path dir, long baseOffset, FileRecords records, SegmentIndex index, State state) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.records = records;
        this.index = index;
        this.state = state;
    }

    /** Creates an empty ACTIVE segment, replacing leftovers of an earlier segment with the same base. */
    static LogSegment create(Path dir, long baseOffset) throws IOException {
        SegmentIndex.deleteFiles(dir, baseOffset);
        Path file = LogFiles.logFile(dir, baseOffset);
        Files.deleteIfExists(file);
        LogSegment segment = new LogSegment(dir, baseOffset, FileRecords.open(file.toFile()),
                new SegmentIndex(baseOffset), State.ACTIVE);
        segment.directoryNeedsSync = true;
        return segment;
    }

    /**
     * Opens an existing segment with valid index files and finds its end by reading the batches
     * after the last index entries. Empty when the index files are missing or unusable, or do
     * not match the data: the caller then recovers the segment.
     */
    static Optional<LogSegment> openIndexed(Path dir, long baseOffset) throws IOException {
        FileRecords records = FileRecords.open(LogFiles.logFile(dir, baseOffset).toFile(), true, 0, false);
        Optional<SegmentIndex> index = SegmentIndex.load(dir, baseOffset, records.sizeInBytes());
        if (index.isPresent()) {
            try {
                int tailPosition = index.get().tailPosition();
                int tailBytes = index.get().restoreTail(records.batchesFrom(tailPosition));
                if (tailPosition + tailBytes == records.sizeInBytes()) {
                    LogSegment segment = new LogSegment(dir, baseOffset, records, index.get(), State.SEALED);
                    segment.flushedBytes = records.sizeInBytes();
                    return Optional.of(segment);
                }
            } catch (CorruptRecordException e) {
                // garbage after the last index entries
            }
        }
        records.closeHandlers();
        return Optional.empty();
    }

    /** Opens an existing segment whose indexes must be rebuilt by {@link #recover}; state ROLLED. */
    static LogSegment openForRecovery(Path dir, long baseOffset) throws IOException {
        FileRecords records = FileRecords.open(LogFiles.logFile(dir, baseOffset).toFile(), true, 0, false);
        return new LogSegment(dir, baseOffset, records, new SegmentIndex(baseOffset), State.ROLLED);
    }

    long baseOffset() {
        return baseOffset;
    }

    /** The offset after this segment's last batch ({@code baseOffset} when empty). */
    long nextOffset() {
        return index.nextOffset();
    }

    int sizeInBytes() {
        return records.sizeInBytes();
    }

    TimestampOffset maxTimestamp() {
        return index.maxTimestamp();
    }

    /** The time retention compares with retention.ms: the largest timestamp, else the file's mtime. */
    long largestTimestampMs() throws IOException {
        long largest = index.maxTimestamp().timestampMs();
        return largest >= 0 ? largest : Files.getLastModifiedTime(records.file().toPath()).toMillis();
    }

    /** The log position at this segment's current end. */
    LogPosition endPosition() {
        return new LogPosition(index.nextOffset(), baseOffset, records.sizeInBytes(), index.maxTimestamp());
    }

    /** Whether appending {@code appendBytes} bytes ending at {@code lastOffset} must go to a new segment. */
    boolean shouldRoll(int appendBytes, long lastOffset, LogConfig config, long nowMs) {
        int size = records.sizeInBytes();
        if (size == 0) {
            return false;
        }
        return (long) size + appendBytes > config.segmentBytes()
                || nowMs - firstAppendMs >= config.segmentMs()
                || lastOffset - baseOffset > Integer.MAX_VALUE;
    }

    /** Writes validated batches that already carry their offsets. Caller holds the partition lock. */
    void append(MemoryRecords batches, List<MutableRecordBatch> batchList, int indexIntervalBytes, long nowMs)
            throws IOException {
        int position = records.sizeInBytes();
        try {
            records.append(batches);
        } catch (IOException e) {
            // Undo a partial write so the next append does not land behind garbage.
            records.channel().truncate(position);
            records.channel().position(position);
            throw e;
        }
        if (firstAppendMs < 0) {
            firstAppendMs = nowMs;
        }
        for (MutableRecordBatch batch : batchList) {
            index.add(batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), position, batch.sizeInBytes(),
                    indexIntervalBytes);
            position += batch.sizeInBytes();
        }
    }

    /**
     * The whole batches starting with the one that contains {@code fetchOffset}, at most
     * {@code maxBytes} in total (the first batch is returned whole when {@code minOneBatch}),
     * never past {@code maxPosition}, which must lie on a batch boundary beyond fetchOffset.
     */
    FileSlice read(long fetchOffset, int maxBytes, boolean minOneBatch, int maxPosition) {
        int start;
        int firstSize;
        long recent = index.recentBatchContaining(fetchOffset);
        if (recent != SegmentIndex.UNKNOWN && (int) (recent >>> 32) < maxPosition) {
            start = (int) (recent >>> 32);
            firstSize = (int) recent;
        } else {
            FileChannelRecordBatch first = batchContaining(fetchOffset, maxPosition);
            if (first == null) {
                return FileSlice.EMPTY;
            }
            start = first.position();
            firstSize = first.sizeInBytes();
        }
        if (!minOneBatch && firstSize > maxBytes) {
            return FileSlice.EMPTY;
        }
        int limit = (int) Math.min((long) start + Math.max(maxBytes, 0), maxPosition);
        int end = start + firstSize;
        if (end < limit) {
            end = limit == maxPosition ? maxPosition : lastBoundaryAtOrBefore(limit, end);
        }
        return new FileSlice(records.channel(), start, end - start);
    }

    /** The last batch end at or before {@code limit}, at least {@code notBelow} (itself a batch end). */
    private int lastBoundaryAtOrBefore(int limit, int notBelow) {
        long recent = index.recentBoundaryAtOrBefore(limit, notBelow);
        if (recent != SegmentIndex.UNKNOWN) {
            return (int) recent;
        }
        // Indexed positions are batch starts: jump to the last one in range, then step by batch.
        int end = Math.max(notBelow, index.indexedPositionAtOrBefore(limit));
        for (FileChannelRecordBatch batch : records.batchesFrom(end)) {
            if (end + batch.sizeInBytes() > limit) {
                break;
            }
            end += batch.sizeInBytes();
        }
        return end;
    }

    /** The batch that contains {@code offset}, searching below {@code maxPosition}; null when none does. */
    private FileChannelRecordBatch batchContaining(long offset, int maxPosition) {
        FileChannelRecordBatch found = null;
        for (FileChannelRecordBatch batch : records.batchesFrom(index.positionAtOrBefore(offset))) {
            if (batch.baseOffset() > offset) {
                // Offsets are contiguous, so the previous batch contains offset.
                return found;
            }
            if (batch.position() >= maxPosition) {
                return null; // offset lies in a batch at or beyond maxPosition
            }
            found = batch;
            if (batch.baseOffset() == offset) {
                return batch;
            }
        }
        // The last batch contains offset unless offset lies beyond this segment's end.
        return found != null && offset < index.nextOffset() ? found : null;
    }

    /** The first record at or after {@code startingOffset} with a timestamp >= targetMs, below maxPosition. */
    Optional<TimestampAndOffset> findByTimestamp(long targetMs, long startingOffset, int maxPosition) {
        long from = Math.max(index.offsetBefore(targetMs), startingOffset);
        int position = index.positionAtOrBefore(from);
        FileRecords belowMax = records.slice(0, maxPosition);
        return Optional.ofNullable(belowMax.searchForTimestamp(targetMs, position, startingOffset));
    }

    /** The first record of the batch ending at {@code max.offset()} that carries {@code max.timestampMs()}. */
    Optional<TimestampAndOffset> recordWithTimestamp(TimestampOffset max, int maxPosition) {
        FileChannelRecordBatch batch = batchContaining(max.offset(), maxPosition);
        if (batch == null) {
            return Optional.empty();
        }
        for (Record record : batch) {
            if (record.timestamp() == max.timestampMs()) {
                return Optional.of(new TimestampAndOffset(record.timestamp(), record.offset(),
                        Optional.of(batch.partitionLeaderEpoch())));
            }
        }
        return Optional.empty();
    }

    /** Stops appends: records the final largest timestamp in the time index. Caller holds the partition lock. */
    synchronized void roll() {
        index.completeTimeIndex();
        if (state == State.ACTIVE) {
            state = State.ROLLED;
        }
    }

    /** Makes a rolled segment durable and writes its index files; no-op in any other state. */
    synchronized void sealIfRolled() throws IOException {
        if (state == State.ROLLED) {
            flush();
            index.writeFiles(dir);
            state = State.SEALED;
        }
    }

    /** Makes a sealed or rolled segment the active one again (after truncation): its index files go. */
    synchronized void reactivate() throws IOException {
        SegmentIndex.deleteFiles(dir, baseOffset);
        state = State.ACTIVE;
    }

    /** Fsyncs the data written since the last flush (and the directory entry of a new file). */
    synchronized void flush() throws IOException {
        if (state == State.DELETED) {
            return;
        }
        int size = records.sizeInBytes();
        if (size > flushedBytes) {
            records.channel().force(false);
            flushedBytes = size;
        }
        if (directoryNeedsSync) {
            LogFiles.fsyncDirectory(dir);
            directoryNeedsSync = false;
        }
    }

    /** Graceful close: fsyncs, writes the index files, closes the file. Caller holds the partition lock. */
    synchronized void close() throws IOException {
        if (state != State.DELETED) {
            roll();
            flush();
            if (state != State.SEALED) {
                index.writeFiles(dir);
            }
        }
        records.closeHandlers();
    }

    /** Renames the files to {@code *.deleted}; the open channel keeps serving readers until {@link #closeQuietly}. */
    synchronized void markDeleted() throws IOException {
        state = State.DELETED;
        records.renameTo(records.file().toPath().resolveSibling(records.file().getName() + LogFiles.DELETED_SUFFIX)
                .toFile());
        SegmentIndex.renameFilesToDeleted(dir, baseOffset);
    }

    /** Closes the file channel for good; afterwards slices of this segment can no longer be read. */
    synchronized void closeQuietly() {
        state = State.DELETED;
        try {
            records.closeHandlers();
        } catch (IOException e) {
            // nothing left to do with a deleted segment's channel
        }
    }

    /** After {@link #markDeleted} and the grace period: closes the channel and removes the files. */
    void closeAndDeleteFiles() {
        closeQuietly();
        try {
            Files.deleteIfExists(records.file().toPath());
            SegmentIndex.deleteRenamedFiles(dir, baseOffset);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + this + " failed", e);
        }
    }

    /** The batches from the last indexed one at or before {@code offset} on; some may end before it. */
    Iterable<FileChannelRecordBatch> batchesFrom(long offset) {
        return records.batchesFrom(index.positionAtOrBefore(offset));
    }

    Path logFile() {
        return records.file().toPath();
    }

    /**
     * Drops the batches holding offsets >= {@code offset} (a batch straddling it goes whole) and
     * rebuilds the in-memory state. Caller holds the partition lock. Returns the bytes removed.
     */
    synchronized int truncateTo(long offset) throws IOException {
        if (offset >= index.nextOffset()) {
            return 0;
        }
        FileChannelRecordBatch first = offset <= baseOffset ? null : batchContaining(offset, records.sizeInBytes());
        int position = first == null ? 0 : first.position();
        int removed = records.truncateTo(position);
        flushedBytes = Math.min(flushedBytes, position);
        if (position == 0) {
            firstAppendMs = -1;
        }
        int tailPosition = index.truncateFrom(first == null ? baseOffset : first.baseOffset());
        index.restoreTail(records.batchesFrom(tailPosition));
        return removed;
    }

    /**
     * Rebuilds the indexes by reading and checking every batch, and truncates the file at the
     * first batch that is torn, fails its CRC, is not v2 or does not continue the offsets.
     * Caller holds the partition lock (or is loading the log). Returns the bytes truncated.
     */
    synchronized int recover(int indexIntervalBytes) throws IOException {
        index.clear();
        int validBytes = 0;
        try {
            for (FileChannelRecordBatch batch : records.batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || !batch.isValid()
                        || batch.baseOffset() != index.nextOffset() || batch.lastOffset() < batch.baseOffset()) {
                    break;
                }
                index.add(batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), batch.position(),
                        batch.sizeInBytes(), indexIntervalBytes);
                validBytes += batch.sizeInBytes();
            }
        } catch (CorruptRecordException e) {
            // an impossible length field ends the valid prefix like any other corruption
        }
        int truncated = records.truncateTo(validBytes);
        flushedBytes = 0;
        return truncated;
    }

    /** Marks a loaded segment as the active one, starting its segment.ms clock now. */
    void activateAfterLoad(long nowMs) throws IOException {
        reactivate();
        firstAppendMs = records.sizeInBytes() > 0 ? nowMs : -1;
    }

    @Override
    public String toString() {
        return "LogSegment(" + logFile() + ", nextOffset=" + index.nextOffset() + ", size=" + records.sizeInBytes()
                + ")";
    }
}
