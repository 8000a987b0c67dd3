package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static io.seckill.mq.broker.log.TestLogs.batch;
import static io.seckill.mq.broker.log.TestLogs.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLogAppendReadTest {
    @TempDir
    Path dataDir;
    private final ManualTime time = new ManualTime();
    private LogManager manager;

    @AfterEach
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    private PartitionLog open(LogConfig config) throws IOException {
        manager = TestLogs.open(dataDir, config, time);
        return manager.partition(TP).orElseThrow();
    }

    @Test
    void appendedBatchesReadBackByteIdenticalWithContiguousOffsets() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withSegmentBytes(1 << 20));
        List<ByteBuffer> sent = new ArrayList<>();
        long expectedOffset = 0;
        for (int i = 0; i < 5; i++) {
            MemoryRecords records = batch(Compression.NONE, i + 1, "b" + i, time.milliseconds());
            LogAppendResult result = log.append(records);

            assertThat(result.firstOffset()).isEqualTo(expectedOffset);
            assertThat(result.lastOffset()).isEqualTo(expectedOffset + i);
            assertThat(result.appendedRecords()).isEqualTo(i + 1);
            assertThat(result.appendedBytes()).isEqualTo(records.sizeInBytes());
            assertThat(result.duplicate()).isFalse();
            expectedOffset += i + 1;
            sent.add(records.buffer());
        }

        LogReadResult read = log.read(0, Integer.MAX_VALUE, true);

        ByteBuffer expected = ByteBuffer.allocate(sent.stream().mapToInt(ByteBuffer::remaining).sum());
        sent.forEach(expected::put);
        assertThat(bytesOf(read.records()).buffer()).isEqualTo(expected.flip());
        assertThat(read.highWatermark()).isEqualTo(15);
        assertThat(read.logEndOffset()).isEqualTo(15);
        assertThat(read.logStartOffset()).isZero();
        long offset = 0;
        for (RecordBatch stored : bytesOf(read.records()).batches()) {
            assertThat(stored.partitionLeaderEpoch()).isZero();
            for (Record record : stored) {
                assertThat(record.offset()).isEqualTo(offset++);
            }
        }
    }

    @Test
    void fetchFromAnOffsetInsideABatchReturnsThatWholeBatch() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig());
        log.append(batch(3, "a", time.milliseconds()));
        log.append(batch(4, "b", time.milliseconds()));

        MemoryRecords read = bytesOf(log.read(5, Integer.MAX_VALUE, true).records());

        List<RecordBatch> batches = new ArrayList<>();
        read.batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).baseOffset()).isEqualTo(3);
        assertThat(batches.get(0).lastOffset()).isEqualTo(6);
    }

    @Test
    void readReturnsOnlyWholeBatchesWithinMaxBytes() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withSegmentBytes(1 << 20).withIndexIntervalBytes(0));
        int batchBytes = 0;
        for (int i = 0; i < 10; i++) {
            MemoryRecords records = batch(2, "x" + i, time.milliseconds());
            batchBytes = records.sizeInBytes();
            log.append(records);
        }

        FileSlice slice = log.read(0, batchBytes * 3 + batchBytes / 2, true).records();

        assertThat(slice.sizeInBytes()).isEqualTo(batchBytes * 3);
        assertThat(bytesOf(slice).batches()).hasSize(3);
        assertThat(log.read(4, batchBytes * 4, false).records().sizeInBytes()).isEqualTo(batchBytes * 4);
    }

    @Test
    void firstBatchComesWholeWithMinOneBatchEvenWhenLargerThanMaxBytes() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig());
        MemoryRecords records = batch(20, "big", time.milliseconds());
        log.append(records);

        assertThat(log.read(0, 10, true).records().sizeInBytes()).isEqualTo(records.sizeInBytes());
        assertThat(log.read(0, 10, false).records().sizeInBytes()).isZero();
    }

    @Test
    void readAtTheHighWatermarkIsEmptyAndOutsideTheLogIsOutOfRange() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig());
        log.append(batch(3, "a", time.milliseconds()));

        assertThat(log.read(3, 1000, true).records().sizeInBytes()).isZero();
        assertThatThrownBy(() -> log.read(4, 1000, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 1000, true)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void readsSpanEverySegmentAfterRolls() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withSegmentBytes(300));
        for (int i = 0; i < 20; i++) {
            log.append(batch(2, "r" + i, time.milliseconds()));
        }

        assertThat(log.segmentCount()).isGreaterThan(5);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.addAll(TestLogs.values(2, "r" + i));
        }
        assertThat(TestLogs.readValues(log)).isEqualTo(expected);
    }

    @Test
    void compressedBatchesAreStoredExactlyAsSent() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withSegmentBytes(1 << 20));
        MemoryRecords lz4 = batch(Compression.lz4().build(), 50, "lz4", time.milliseconds());
        MemoryRecords gzip = batch(Compression.gzip().build(), 50, "gzip", time.milliseconds());
        log.append(lz4);
        log.append(gzip);

        MemoryRecords read = bytesOf(log.read(0, Integer.MAX_VALUE, true).records());

        ByteBuffer expected = ByteBuffer.allocate(lz4.sizeInBytes() + gzip.sizeInBytes())
                .put(lz4.buffer()).put(gzip.buffer()).flip();
        assertThat(read.buffer()).isEqualTo(expected);
        assertThat(TestLogs.readValues(log)).containsSequence(TestLogs.values(50, "gzip"));
    }

    @Test
    void logAppendTimeStampsEveryBatchWithTheBrokerClock() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withTimestampType(TimestampType.LOG_APPEND_TIME));

        LogAppendResult result = log.append(batch(3, "t", 42L));

        assertThat(result.logAppendTimeMs()).isEqualTo(time.milliseconds());
        RecordBatch stored = bytesOf(log.read(0, 1000, true).records()).batches().iterator().next();
        assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(stored.maxTimestamp()).isEqualTo(time.milliseconds());
        stored.ensureValid();
        for (Record record : stored) {
            assertThat(record.timestamp()).isEqualTo(time.milliseconds());
        }
    }

    @Test
    void createTimeKeepsTheProducerTimestampAndReportsNoAppendTime() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig());

        LogAppendResult result = log.append(batch(1, "t", 42L));

        assertThat(result.logAppendTimeMs()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        RecordBatch stored = bytesOf(log.read(0, 1000, true).records()).batches().iterator().next();
        assertThat(stored.maxTimestamp()).isEqualTo(42L);
    }

    @Test
    void manyBatchesInOneRequestGetConsecutiveOffsets() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig());

        LogAppendResult result = log.append(TestLogs.concat(batch(2, "a", 1L), batch(3, "b", 2L)));

        assertThat(result.firstOffset()).isZero();
        assertThat(result.lastOffset()).isEqualTo(4);
        assertThat(TestLogs.readValues(log)).containsExactly("a-0", "a-1", "b-0", "b-1", "b-2");
    }
}
