package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static io.seckill.mq.broker.log.TestLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;

class SegmentRollTest {
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
    void rollsWhenTheNextAppendWouldExceedSegmentBytes() throws IOException {
        int batchBytes = batch(1, "s", 1L).sizeInBytes();
        PartitionLog log = open(TestLogs.smallConfig().withSegmentBytes(batchBytes * 3));

        for (int i = 0; i < 3; i++) {
            log.append(batch(1, "s", 1L));
        }
        assertThat(log.segmentCount()).isEqualTo(1);

        log.append(batch(1, "s", 1L));

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(TestLogs.filesEndingWith(TestLogs.partitionDir(dataDir), ".log")).extracting(Path::getFileName)
                .extracting(Path::toString)
                .containsExactly("00000000000000000000.log", "00000000000000000003.log");
    }

    @Test
    void aBatchLargerThanSegmentBytesStillGoesIntoAnEmptySegment() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withSegmentBytes(100));

        log.append(batch(10, "big", 1L));
        log.append(batch(10, "big", 1L));

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(20);
    }

    @Test
    void rollsWhenTheActiveSegmentIsOlderThanSegmentMs() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withSegmentBytes(1 << 20).withSegmentMs(60_000));
        log.append(batch(1, "t", 1L));
        time.advanceMs(59_999);
        log.append(batch(1, "t", 1L));
        assertThat(log.segmentCount()).isEqualTo(1);

        time.advanceMs(1);
        log.append(batch(1, "t", 1L));

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void anEmptyActiveSegmentIsNeverRolled() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withSegmentMs(1));
        time.advanceMs(10_000);

        log.roll();
        log.append(batch(1, "e", 1L));

        assertThat(log.segmentCount()).isEqualTo(1);
    }

    @Test
    void explicitRollStartsANewSegmentAtTheLogEnd() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig());
        MemoryRecords records = batch(4, "r", 1L);
        log.append(records);

        log.roll();
        log.append(batch(1, "after", 1L));

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(TestLogs.filesEndingWith(TestLogs.partitionDir(dataDir), ".log")).extracting(Path::getFileName)
                .extracting(Path::toString).contains("00000000000000000004.log");
        assertThat(TestLogs.readValues(log)).containsExactly("r-0", "r-1", "r-2", "r-3", "after-0");
    }

    @Test
    void rollingWritesAProducerStateSnapshotAtTheNewBaseOffset() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig());
        log.append(batch(4, "r", 1L));

        log.roll();

        assertThat(TestLogs.filesEndingWith(TestLogs.partitionDir(dataDir), ".snapshot")).extracting(Path::getFileName)
                .extracting(Path::toString).containsExactly("00000000000000000004.snapshot");
    }
}
