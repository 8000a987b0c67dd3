package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static io.seckill.mq.broker.log.TestLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;

class RecoveryTest {
    private static final int BATCHES = 12;
    private static final int RECORDS_PER_BATCH = 3;
    private static final LogConfig CONFIG = TestLogs.smallConfig().withSegmentBytes(1000).withIndexIntervalBytes(100);

    @TempDir
    Path dataDir;
    @TempDir
    Path crashCopy;
    private final ManualTime time = new ManualTime();
    private LogManager manager;

    @AfterEach
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    /** Appends BATCHES batches over several segments; then crashes (copy) or shuts down cleanly. */
    private Path writeLog(boolean crash) throws IOException {
        manager = TestLogs.open(dataDir, CONFIG, time);
        PartitionLog log = manager.partition(TP).orElseThrow();
        for (int i = 0; i < BATCHES; i++) {
            log.append(batch(RECORDS_PER_BATCH, "b" + i, 1_000L + i));
        }
        log.flush();
        if (crash) {
            TestLogs.copyDirectory(dataDir, crashCopy);
        }
        manager.close();
        return crash ? crashCopy : dataDir;
    }

    private PartitionLog reopen(Path dir) throws IOException {
        manager = TestLogs.open(dir, CONFIG, time);
        return manager.partition(TP).orElseThrow();
    }

    private static List<String> valuesOfBatches(int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.addAll(TestLogs.values(RECORDS_PER_BATCH, "b" + i));
        }
        return values;
    }

    private static List<Path> segmentFiles(Path dataDir) throws IOException {
        return TestLogs.filesEndingWith(TestLogs.partitionDir(dataDir), ".log");
    }

    private static Path activeSegment(Path dataDir) throws IOException {
        List<Path> files = segmentFiles(dataDir);
        return files.get(files.size() - 1);
    }

    private static List<Integer> batchPositions(Path segment) throws IOException {
        List<Integer> positions = new ArrayList<>();
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            for (FileChannelRecordBatch batch : records.batches()) {
                positions.add(batch.position());
            }
        }
        return positions;
    }

    private static void truncateFile(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0x10)}), position);
        }
    }

    private void assertRecoveredToBatches(PartitionLog log, int validBatches) {
        assertThat(manager.recoveredUncleanShutdown()).isTrue();
        assertThat(log.logEndOffset()).isEqualTo((long) validBatches * RECORDS_PER_BATCH);
        assertThat(TestLogs.readValues(log)).isEqualTo(valuesOfBatches(validBatches));
        LogAppendResult next = log.append(batch(1, "after", 5_000L));
        assertThat(next.firstOffset()).isEqualTo((long) validBatches * RECORDS_PER_BATCH);
        assertThat(TestLogs.readValues(log)).endsWith("after-0");
    }

    @Test
    void tornBatchBodyIsTruncatedAtTheLastValidBatch() throws IOException {
        Path dir = writeLog(true);
        Path active = activeSegment(dir);
        truncateFile(active, Files.size(active) - 5);

        PartitionLog log = reopen(dir);

        assertRecoveredToBatches(log, BATCHES - 1);
    }

    @Test
    void tornBatchHeaderIsTruncatedAtTheLastValidBatch() throws IOException {
        Path dir = writeLog(true);
        Path active = activeSegment(dir);
        List<Integer> positions = batchPositions(active);
        truncateFile(active, positions.get(positions.size() - 1) + 10);

        PartitionLog log = reopen(dir);

        assertRecoveredToBatches(log, BATCHES - 1);
        assertThat(Files.size(activeSegment(dir))).isGreaterThan(positions.get(positions.size() - 1));
    }

    @Test
    void bitFlipInTheLastBatchDropsThatBatch() throws IOException {
        Path dir = writeLog(true);
        Path active = activeSegment(dir);
        flipByte(active, Files.size(active) - 3);

        PartitionLog log = reopen(dir);

        assertRecoveredToBatches(log, BATCHES - 1);
    }

    @Test
    void trailingZeroBytesAreTruncated() throws IOException {
        Path dir = writeLog(true);
        Path active = activeSegment(dir);
        long validSize = Files.size(active);
        Files.write(active, new byte[4096], StandardOpenOption.APPEND);

        PartitionLog log = reopen(dir);

        assertThat(Files.size(active)).isEqualTo(validSize);
        assertRecoveredToBatches(log, BATCHES);
    }

    @Test
    void corruptionInAnEarlierSegmentWithoutIndexDropsEveryLaterSegment() throws IOException {
        Path dir = writeLog(true);
        Path first = segmentFiles(dir).get(0);
        int batchesInFirst = batchPositions(first).size();
        Files.delete(first.resolveSibling(first.getFileName().toString().replace(".log", ".index")));
        flipByte(first, Files.size(first) - 3);

        PartitionLog log = reopen(dir);

        assertRecoveredToBatches(log, batchesInFirst - 1);
        assertThat(log.segmentCount()).isEqualTo(1);
    }

    @Test
    void cleanShutdownIsNotRecoveredAndKeepsEverything() throws IOException {
        Path dir = writeLog(false);
        assertThat(dir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)).exists();

        PartitionLog log = reopen(dir);

        assertThat(manager.recoveredUncleanShutdown()).isFalse();
        assertThat(dir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)).doesNotExist();
        assertThat(TestLogs.readValues(log)).isEqualTo(valuesOfBatches(BATCHES));
    }

    @Test
    void missingIndexFilesAreRebuiltFromTheLog() throws IOException {
        Path dir = writeLog(false);
        for (Path index : TestLogs.filesEndingWith(TestLogs.partitionDir(dir), "index")) {
            Files.delete(index);
        }

        PartitionLog log = reopen(dir);

        assertThat(TestLogs.readValues(log)).isEqualTo(valuesOfBatches(BATCHES));
        for (long offset = 0; offset < log.logEndOffset(); offset++) {
            long batchBase = offset - offset % RECORDS_PER_BATCH;
            assertThat(TestLogs.bytesOf(log.read(offset, 1, true).records()).batches().iterator().next().baseOffset())
                    .isEqualTo(batchBase);
        }
        assertThat(log.offsetForTimestamp(1_005L).orElseThrow().offset).isEqualTo(5L * RECORDS_PER_BATCH);
        assertThat(TestLogs.filesEndingWith(TestLogs.partitionDir(dir), ".index")).hasSize(log.segmentCount() - 1);
    }

    @Test
    void corruptIndexFilesAreRebuiltFromTheLog() throws IOException {
        Path dir = writeLog(false);
        List<Path> indexes = TestLogs.filesEndingWith(TestLogs.partitionDir(dir), ".index");
        Files.write(indexes.get(0), ByteBuffer.allocate(16).putInt(9).putInt(100).putInt(3).putInt(200).array());
        Files.write(indexes.get(1), ByteBuffer.allocate(8).putInt(1).putInt(1 << 20).array());
        List<Path> timeIndexes = TestLogs.filesEndingWith(TestLogs.partitionDir(dir), ".timeindex");
        Files.write(timeIndexes.get(0), new byte[7]);

        PartitionLog log = reopen(dir);

        assertThat(TestLogs.readValues(log)).isEqualTo(valuesOfBatches(BATCHES));
        assertThat(OffsetIndex.load(indexes.get(0), 0, (int) Files.size(segmentFiles(dir).get(0)))).isPresent();
        assertThat(log.offsetOfMaxTimestamp().orElseThrow().timestamp).isEqualTo(1_000L + BATCHES - 1);
    }
}
