package io.seckill.mq.broker.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogSegmentTest {
    private static final long BASE = 100;

    @TempDir
    Path dir;
    private LogSegment segment;
    private final List<Integer> batchEnds = new ArrayList<>();

    @BeforeEach
    void createSegment() throws IOException {
        segment = LogSegment.create(dir, BASE);
    }

    @AfterEach
    void closeSegment() {
        segment.closeQuietly();
    }

    /** Appends a batch of records with these timestamps at the segment's next offset. */
    private void append(long... timestamps) throws IOException {
        MemoryRecords records = batchAt(segment.nextOffset(), timestamps);
        List<MutableRecordBatch> batches = new ArrayList<>();
        records.batches().forEach(batches::add);
        segment.append(records, batches, 0, 0);
        batchEnds.add(segment.sizeInBytes());
    }

    private static MemoryRecords batchAt(long baseOffset, long... timestamps) {
        var builder = MemoryRecords.builder(ByteBuffer.allocate(4096), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, baseOffset);
        for (long timestamp : timestamps) {
            builder.append(timestamp, null, ("at-" + timestamp).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    @Test
    void readNeverPassesMaxPosition() throws IOException {
        append(1, 2);
        append(3, 4);
        append(5, 6);

        FileSlice slice = segment.read(BASE, Integer.MAX_VALUE, true, batchEnds.get(1));

        assertThat(slice.sizeInBytes()).isEqualTo(batchEnds.get(1));
        assertThat(segment.read(BASE + 4, Integer.MAX_VALUE, true, batchEnds.get(1)).sizeInBytes()).isZero();
    }

    @Test
    void timestampLookupsStopAtMaxPosition() throws IOException {
        append(10, 20);
        append(30, 40);

        assertThat(segment.findByTimestamp(25, BASE, batchEnds.get(0))).isEmpty();
        assertThat(segment.findByTimestamp(25, BASE, batchEnds.get(1)).orElseThrow().offset).isEqualTo(BASE + 2);
        assertThat(segment.findByTimestamp(5, BASE + 1, batchEnds.get(1)).orElseThrow().offset).isEqualTo(BASE + 1);
    }

    @Test
    void tracksTheLargestTimestampAndItsBatch() throws IOException {
        append(10, 50);
        append(30, 40);

        assertThat(segment.maxTimestamp()).isEqualTo(new TimestampOffset(50, BASE + 1));
        assertThat(segment.recordWithTimestamp(segment.maxTimestamp(), segment.sizeInBytes()).orElseThrow().offset)
                .isEqualTo(BASE + 1);
    }

    @Test
    void truncationDropsTheBatchContainingTheOffsetAndRestoresTheLargestTimestamp() throws IOException {
        append(10, 20);
        append(90, 40);
        append(50, 60);

        int removed = segment.truncateTo(BASE + 3);

        assertThat(removed).isEqualTo(batchEnds.get(2) - batchEnds.get(0));
        assertThat(segment.nextOffset()).isEqualTo(BASE + 2);
        assertThat(segment.sizeInBytes()).isEqualTo(batchEnds.get(0));
        assertThat(segment.maxTimestamp()).isEqualTo(new TimestampOffset(20, BASE + 1));
    }

    @Test
    void recoveryKeepsTheValidPrefixAndRebuildsTheIndexes() throws IOException {
        for (int i = 0; i < 20; i++) {
            append(i, i + 1);
        }
        int validSize = segment.sizeInBytes();
        Files.write(LogFiles.logFile(dir, BASE), new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 99, 7},
                StandardOpenOption.APPEND);
        segment.closeQuietly();
        segment = LogSegment.openForRecovery(dir, BASE);

        int truncated = segment.recover(64);

        assertThat(truncated).isEqualTo(13);
        assertThat(segment.sizeInBytes()).isEqualTo(validSize);
        assertThat(segment.nextOffset()).isEqualTo(BASE + 40);
        assertThat(segment.maxTimestamp()).isEqualTo(new TimestampOffset(20, BASE + 39));
        assertThat(segment.read(BASE + 25, 1, true, validSize).position()).isEqualTo((long) batchEnds.get(11));
    }

    @Test
    void sealedSegmentReopensFromItsIndexFiles() throws IOException {
        for (int i = 0; i < 10; i++) {
            append(i * 10, i * 10 + 5);
        }
        segment.roll();
        segment.sealIfRolled();
        segment.closeQuietly();

        segment = LogSegment.openIndexed(dir, BASE).orElseThrow();

        assertThat(segment.nextOffset()).isEqualTo(BASE + 20);
        assertThat(segment.maxTimestamp()).isEqualTo(new TimestampOffset(95, BASE + 19));
        assertThat(Files.exists(LogFiles.offsetIndexFile(dir, BASE))).isTrue();
    }

    /** What the test knows about one appended batch. */
    private record Batch(long base, long last, int position, int size) {
        int end() {
            return position + size;
        }
    }

    /** Appends a batch of {@code count} records with a sparse offset index, and returns what it wrote. */
    private Batch appendSparse(int count) throws IOException {
        long base = segment.nextOffset();
        int position = segment.sizeInBytes();
        long[] timestamps = new long[count];
        for (int i = 0; i < count; i++) {
            timestamps[i] = base + i;
        }
        MemoryRecords records = batchAt(base, timestamps);
        List<MutableRecordBatch> batches = new ArrayList<>();
        records.batches().forEach(batches::add);
        segment.append(records, batches, 4096, 0);
        return new Batch(base, base + count - 1, position, records.sizeInBytes());
    }

    /** The slice read() must return, worked out from the batches alone. */
    private static long[] expectedSlice(List<Batch> batches, long offset, int maxBytes, boolean minOneBatch,
                                        int maxPosition) {
        Batch first = batches.stream().filter(b -> b.base() <= offset && offset <= b.last()).findFirst().orElseThrow();
        if (first.position() >= maxPosition || !minOneBatch && first.size() > maxBytes) {
            return new long[] {0, 0};
        }
        long limit = Math.min((long) first.position() + Math.max(maxBytes, 0), maxPosition);
        int end = first.end();
        for (Batch batch : batches) {
            if (batch.position() >= first.position() && batch.end() <= limit) {
                end = Math.max(end, batch.end());
            }
        }
        return new long[] {first.position(), end - first.position()};
    }

    private void assertReadsMatch(List<Batch> batches) {
        int[] maxBytesValues = {0, 1, 60, 100, 150, 200, 700, 5000, Integer.MAX_VALUE};
        List<Integer> maxPositions = List.of(batches.get(batches.size() / 2).end(), batches.get(batches.size() - 3).end(),
                batches.get(batches.size() - 1).end());
        for (Batch batch : batches) {
            for (long offset = batch.base(); offset <= batch.last(); offset++) {
                for (int maxBytes : maxBytesValues) {
                    for (int maxPosition : maxPositions) {
                        for (boolean minOneBatch : new boolean[] {true, false}) {
                            long[] expected = expectedSlice(batches, offset, maxBytes, minOneBatch, maxPosition);
                            FileSlice slice = segment.read(offset, maxBytes, minOneBatch, maxPosition);
                            String what = "read(" + offset + ", " + maxBytes + ", " + minOneBatch + ", " + maxPosition + ")";
                            assertThat(slice.sizeInBytes()).as(what).isEqualTo((int) expected[1]);
                            if (expected[1] > 0) {
                                assertThat(slice.position()).as(what).isEqualTo(expected[0]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void readsOfRecentAndOlderBatchesReturnTheSameSlicesAsTheFileDescribes() throws IOException {
        // More batches than the index remembers exactly, so both the remembered tail and the file scan are read.
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < SegmentIndex.RECENT + 70; i++) {
            batches.add(appendSparse(1 + i % 3));
        }

        assertReadsMatch(batches);
    }

    @Test
    void truncationMakesTheRememberedTailForgetTheRemovedBatches() throws IOException {
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batches.add(appendSparse(2));
        }
        Batch cut = batches.get(30);
        segment.truncateTo(cut.base());
        batches.subList(30, batches.size()).clear();
        for (int i = 0; i < 12; i++) {
            batches.add(appendSparse(3 + i % 3)); // the same offsets as before in larger batches
        }

        assertReadsMatch(batches);
    }
}
