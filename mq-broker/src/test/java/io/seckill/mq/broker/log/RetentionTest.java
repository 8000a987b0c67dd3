package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static io.seckill.mq.broker.log.TestLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RetentionTest {
    private static final long HOUR_MS = 3_600_000;

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

    /** Three segments of one batch each, the first two old; the active third one is old too. */
    private PartitionLog logWithSegmentsOfAges(LogConfig config) throws IOException {
        PartitionLog log = open(config);
        long now = time.milliseconds();
        log.append(batch(2, "old", now - 10 * HOUR_MS));
        log.roll();
        log.append(batch(2, "older", now - 5 * HOUR_MS));
        log.roll();
        log.append(batch(2, "new", now - 4 * HOUR_MS));
        return log;
    }

    @Test
    void deletesSegmentsWhoseNewestRecordIsOlderThanRetentionMs() throws IOException {
        PartitionLog log = logWithSegmentsOfAges(TestLogs.smallConfig().withRetentionMs(6 * HOUR_MS));

        manager.runRetention();

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(log.logStartOffset()).isEqualTo(2);
        assertThat(TestLogs.readValues(log)).containsExactly("older-0", "older-1", "new-0", "new-1");
        assertThatThrownBy(() -> log.read(0, 100, true)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void neverDeletesTheActiveSegment() throws IOException {
        PartitionLog log = logWithSegmentsOfAges(TestLogs.smallConfig().withRetentionMs(HOUR_MS));

        manager.runRetention();

        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(TestLogs.readValues(log)).containsExactly("new-0", "new-1");
    }

    @Test
    void unlimitedRetentionKeepsEverything() throws IOException {
        PartitionLog log = logWithSegmentsOfAges(TestLogs.smallConfig().withRetentionMs(LogConfig.UNLIMITED));

        manager.runRetention();

        assertThat(log.segmentCount()).isEqualTo(3);
    }

    @Test
    void deletesOldestSegmentsWhileThePartitionStaysAboveRetentionBytes() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withRetentionMs(LogConfig.UNLIMITED));
        int segmentBytes = 0;
        for (int i = 0; i < 5; i++) {
            segmentBytes = log.append(batch(1, "s" + i, time.milliseconds())).appendedBytes();
            log.roll();
        }
        log.append(batch(1, "s5", time.milliseconds()));
        manager.updateConfig(TP, log.config().withRetentionBytes(2L * segmentBytes));

        manager.runRetention();

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(log.sizeInBytes()).isEqualTo(2L * segmentBytes);
        assertThat(TestLogs.readValues(log)).containsExactly("s4-0", "s5-0");
    }

    @Test
    void deletedSegmentFilesStayReadableUntilTheDeleteDelayPassed() throws IOException {
        PartitionLog log = logWithSegmentsOfAges(TestLogs.smallConfig().withRetentionMs(6 * HOUR_MS)
                .withFileDeleteDelayMs(500));
        FileSlice inFlight = log.read(0, 1000, true).records();

        manager.runRetention();

        assertThat(TestLogs.filesEndingWith(TestLogs.partitionDir(dataDir), ".deleted")).isNotEmpty();
        assertThat(TestLogs.bytesOf(inFlight).batches().iterator().next().baseOffset()).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(TestLogs.filesEndingWith(TestLogs.partitionDir(dataDir), ".deleted")).isEmpty());
        assertThat(inFlight.channel().isOpen()).isFalse();
    }
}
