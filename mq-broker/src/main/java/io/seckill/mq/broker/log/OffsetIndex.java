package io.seckill.mq.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Sparse map from offset to byte position inside one segment: entry (r, p) says that the batch
 * with base offset {@code baseOffset + r} starts at position p of the segment file. About one
 * entry per {@code indexIntervalBytes} of appended data; a batch without an entry is found by
 * scanning forward from the entry before it (or from position 0).
 *
 * <p>Invariant: relative offsets and positions both strictly increase. The entries live in memory
 * (sorted int arrays). The file, 8 bytes per entry (int relative offset, int position,
 * big-endian), is written whole and atomically when the segment is sealed or closed, and is
 * trusted on load only after {@link #load} validated it.
 *
 * <p>Thread-safety: one writer at a time (appends and truncation run under the owning partition's
 * lock); readers are lock-free and see an immutable snapshot published by a volatile write.
 */
final class OffsetIndex {
    static final int ENTRY_BYTES = 8;
    private static final int INITIAL_CAPACITY = 16;

    /** A consistent prefix of the arrays; the writer never changes an element below {@code count}. */
    private record Entries(int[] relativeOffsets, int[] positions, int count) {
    }

    private final long baseOffset;
    private volatile Entries entries;

    OffsetIndex(long baseOffset) {
        this(baseOffset, new Entries(new int[INITIAL_CAPACITY], new int[INITIAL_CAPACITY], 0));
    }

    private OffsetIndex(long baseOffset, Entries entries) {
        this.baseOffset = baseOffset;
        this.entries = entries;
    }

    int entryCount() {
        return entries.count;
    }

    /** Records that the batch with base offset {@code offset} starts at {@code position}. */
    void append(long offset, int position) {
        Entries current = entries;
        int relativeOffset = relative(offset);
        int count = current.count;
        if (count > 0 && (relativeOffset <= current.relativeOffsets[count - 1]
                || position <= current.positions[count - 1])) {
            throw new IllegalStateException("offset index of segment " + baseOffset + " must grow: ("
                    + offset + ", " + position + ") after (" + (baseOffset + current.relativeOffsets[count - 1])
                    + ", " + current.positions[count - 1] + ")");
        }
        int[] relativeOffsets = current.relativeOffsets;
        int[] positions = current.positions;
        if (count == relativeOffsets.length) {
            relativeOffsets = Arrays.copyOf(relativeOffsets, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        relativeOffsets[count] = relativeOffset;
        positions[count] = position;
        entries = new Entries(relativeOffsets, positions, count + 1);
    }

    /** Position of the last indexed batch starting at or before {@code offset}; 0 when there is none. */
    int positionAtOrBefore(long offset) {
        Entries current = entries;
        if (offset < baseOffset) {
            return 0;
        }
        int key = (int) Math.min(offset - baseOffset, Integer.MAX_VALUE);
        int slot = floorSlot(Arrays.binarySearch(current.relativeOffsets, 0, current.count, key));
        return slot < 0 ? 0 : current.positions[slot];
    }

    /** The largest indexed batch position that is at most {@code position}; 0 when there is none. */
    int indexedPositionAtOrBefore(int position) {
        Entries current = entries;
        int slot = floorSlot(Arrays.binarySearch(current.positions, 0, current.count, position));
        return slot < 0 ? 0 : current.positions[slot];
    }

    /** Base offset of the last indexed batch, or the segment's base offset when nothing is indexed. */
    long lastOffset() {
        Entries current = entries;
        return current.count == 0 ? baseOffset : baseOffset + current.relativeOffsets[current.count - 1];
    }

    /** Position of the last indexed batch, or 0 when nothing is indexed. */
    int lastPosition() {
        Entries current = entries;
        return current.count == 0 ? 0 : current.positions[current.count - 1];
    }

    /** Removes the entries of batches at or after {@code offset}. */
    void truncateFrom(long offset) {
        Entries current = entries;
        int keep = 0;
        while (keep < current.count && baseOffset + current.relativeOffsets[keep] < offset) {
            keep++;
        }
        // Fresh arrays: a reader holding the old snapshot must never see an element being rewritten.
        int capacity = Math.max(INITIAL_CAPACITY, keep);
        entries = new Entries(Arrays.copyOf(current.relativeOffsets, capacity),
                Arrays.copyOf(current.positions, capacity), keep);
    }

    void writeTo(Path file) throws IOException {
        Entries current = entries;
        ByteBuffer content = ByteBuffer.allocate(current.count * ENTRY_BYTES);
        for (int i = 0; i < current.count; i++) {
            content.putInt(current.relativeOffsets[i]).putInt(current.positions[i]);
        }
        LogFiles.writeAtomically(file, content.flip());
    }

    /**
     * Reads an index file; empty when it is missing, not a whole number of entries, not strictly
     * increasing, or points at or past {@code logSizeBytes}: the caller then rebuilds it from the log.
     */
    static Optional<OffsetIndex> load(Path file, long baseOffset, int logSizeBytes) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) % ENTRY_BYTES != 0) {
            return Optional.empty();
        }
        ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file));
        int count = content.remaining() / ENTRY_BYTES;
        int[] relativeOffsets = new int[Math.max(INITIAL_CAPACITY, count)];
        int[] positions = new int[relativeOffsets.length];
        for (int i = 0; i < count; i++) {
            relativeOffsets[i] = content.getInt();
            positions[i] = content.getInt();
            boolean growing = i == 0 ? relativeOffsets[i] >= 0 && positions[i] >= 0
                    : relativeOffsets[i] > relativeOffsets[i - 1] && positions[i] > positions[i - 1];
            if (!growing || positions[i] >= logSizeBytes) {
                return Optional.empty();
            }
        }
        return Optional.of(new OffsetIndex(baseOffset, new Entries(relativeOffsets, positions, count)));
    }

    private int relative(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " outside segment " + baseOffset);
        }
        return (int) relative;
    }

    /** Turns an {@link Arrays#binarySearch} result into the slot of the largest element <= key, or -1. */
    private static int floorSlot(int searchResult) {
        return searchResult >= 0 ? searchResult : -searchResult - 2;
    }
}
