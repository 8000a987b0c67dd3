package io.seckill.mq.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Sparse map from timestamp to offset inside one segment: entry (t, r) says that t is the largest
 * timestamp of all records up to and including offset {@code baseOffset + r}, so every record
 * before that offset has a timestamp <= t. An entry is added only when the segment's largest
 * timestamp grew since the previous one, so the last entry holds the segment's largest timestamp
 * once the segment is rolled.
 *
 * <p>Invariant: timestamps strictly increase, relative offsets never decrease. Entries live in
 * memory (a long and an int array); the file, 12 bytes per entry (long timestamp, int relative
 * offset, big-endian), is written whole and atomically when the segment is sealed or closed.
 *
 * <p>Thread-safety: one writer at a time (the owning partition's lock); readers are lock-free and
 * see an immutable snapshot published by a volatile write.
 */
final class TimeIndex {
    static final int ENTRY_BYTES = 12;
    private static final int INITIAL_CAPACITY = 16;

    /** A consistent prefix of the arrays; the writer never changes an element below {@code count}. */
    private record Entries(long[] timestamps, int[] relativeOffsets, int count) {
    }

    private final long baseOffset;
    private volatile Entries entries;

    TimeIndex(long baseOffset) {
        this(baseOffset, new Entries(new long[INITIAL_CAPACITY], new int[INITIAL_CAPACITY], 0));
    }

    private TimeIndex(long baseOffset, Entries entries) {
        this.baseOffset = baseOffset;
        this.entries = entries;
    }

    int entryCount() {
        return entries.count;
    }

    /** Adds (timestamp, offset) when {@code timestamp} is larger than the last entry's. */
    void maybeAppend(long timestampMs, long offset) {
        Entries current = entries;
        int count = current.count;
        if (count > 0 && timestampMs <= current.timestamps[count - 1]) {
            return;
        }
        int relativeOffset = (int) (offset - baseOffset);
        if (offset - baseOffset < 0 || offset - baseOffset > Integer.MAX_VALUE
                || count > 0 && relativeOffset < current.relativeOffsets[count - 1]) {
            throw new IllegalStateException("time index of segment " + baseOffset + " cannot take offset " + offset);
        }
        long[] timestamps = current.timestamps;
        int[] relativeOffsets = current.relativeOffsets;
        if (count == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, count * 2);
            relativeOffsets = Arrays.copyOf(relativeOffsets, count * 2);
        }
        timestamps[count] = timestampMs;
        relativeOffsets[count] = relativeOffset;
        entries = new Entries(timestamps, relativeOffsets, count + 1);
    }

    /**
     * An offset such that every record at or before it has a timestamp below {@code timestampMs}
     * (the offset of the last entry with a smaller timestamp); -1 when no entry qualifies.
     */
    long offsetBefore(long timestampMs) {
        Entries current = entries;
        int found = Arrays.binarySearch(current.timestamps, 0, current.count, timestampMs);
        int slot = found >= 0 ? found - 1 : -found - 2;
        return slot < 0 ? -1 : baseOffset + current.relativeOffsets[slot];
    }

    /** The largest indexed timestamp, or -1 (RecordBatch.NO_TIMESTAMP) when the index is empty. */
    long lastTimestamp() {
        Entries current = entries;
        return current.count == 0 ? -1 : current.timestamps[current.count - 1];
    }

    /** The offset of the last entry, or -1 when the index is empty. */
    long lastOffset() {
        Entries current = entries;
        return current.count == 0 ? -1 : baseOffset + current.relativeOffsets[current.count - 1];
    }

    /** Removes the entries for offsets at or after {@code offset}. */
    void truncateFrom(long offset) {
        Entries current = entries;
        int keep = 0;
        while (keep < current.count && baseOffset + current.relativeOffsets[keep] < offset) {
            keep++;
        }
        // Fresh arrays: a reader holding the old snapshot must never see an element being rewritten.
        int capacity = Math.max(INITIAL_CAPACITY, keep);
        entries = new Entries(Arrays.copyOf(current.timestamps, capacity),
                Arrays.copyOf(current.relativeOffsets, capacity), keep);
    }

    void writeTo(Path file) throws IOException {
        Entries current = entries;
        ByteBuffer content = ByteBuffer.allocate(current.count * ENTRY_BYTES);
        for (int i = 0; i < current.count; i++) {
            content.putLong(current.timestamps[i]).putInt(current.relativeOffsets[i]);
        }
        LogFiles.writeAtomically(file, content.flip());
    }

    /**
     * Reads an index file; empty when it is missing, not a whole number of entries or not
     * monotonic: the caller then rebuilds it. The caller checks that {@link #lastOffset()} lies
     * within the segment.
     */
    static Optional<TimeIndex> load(Path file, long baseOffset) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) % ENTRY_BYTES != 0) {
            return Optional.empty();
        }
        ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file));
        int count = content.remaining() / ENTRY_BYTES;
        long[] timestamps = new long[Math.max(INITIAL_CAPACITY, count)];
        int[] relativeOffsets = new int[timestamps.length];
        for (int i = 0; i < count; i++) {
            timestamps[i] = content.getLong();
            relativeOffsets[i] = content.getInt();
            boolean monotonic = i == 0 ? relativeOffsets[i] >= 0
                    : timestamps[i] > timestamps[i - 1] && relativeOffsets[i] >= relativeOffsets[i - 1];
            if (!monotonic) {
                return Optional.empty();
            }
        }
        return Optional.of(new TimeIndex(baseOffset, new Entries(timestamps, relativeOffsets, count)));
    }
}
