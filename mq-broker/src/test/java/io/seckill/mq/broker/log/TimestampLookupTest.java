package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static io.seckill.mq.broker.log.TestLogs.builtBatch;
import static org.assertj.core.api.Assertions.assertThat;

class TimestampLookupTest {
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

    /** Offsets 0-2: 100, 300, 200; roll; offsets 3-5 (lz4): 400, 900, 500; offsets 6-7: 600, 700. */
    private PartitionLog logWithTimestamps() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withIndexIntervalBytes(0));
        log.append(builtBatch(Compression.NONE, TimestampType.CREATE_TIME, new long[] {100, 300, 200}));
        log.roll();
        log.append(builtBatch(Compression.lz4().build(), TimestampType.CREATE_TIME, new long[] {400, 900, 500}));
        log.append(builtBatch(Compression.NONE, TimestampType.CREATE_TIME, new long[] {600, 700}));
        return log;
    }

    private static long offsetFor(PartitionLog log, long timestampMs) {
        return log.offsetForTimestamp(timestampMs).map(found -> found.offset).orElse(-1L);
    }

    @Test
    void findsTheFirstRecordWithATimestampAtOrAfterTheTarget() throws IOException {
        PartitionLog log = logWithTimestamps();

        assertThat(offsetFor(log, 0)).isZero();
        assertThat(offsetFor(log, 100)).isZero();
        assertThat(offsetFor(log, 150)).isEqualTo(1);
        assertThat(offsetFor(log, 250)).isEqualTo(1);
        assertThat(offsetFor(log, 301)).isEqualTo(3);
        assertThat(offsetFor(log, 450)).isEqualTo(4);
        assertThat(offsetFor(log, 550)).isEqualTo(4);
        assertThat(offsetFor(log, 650)).isEqualTo(4);
        assertThat(offsetFor(log, 901)).isEqualTo(-1);
    }

    @Test
    void reportsTheTimestampAndLeaderEpochOfTheRecordFound() throws IOException {
        PartitionLog log = logWithTimestamps();

        TimestampAndOffset found = log.offsetForTimestamp(150).orElseThrow();

        assertThat(found.timestamp).isEqualTo(300);
        assertThat(found.leaderEpoch).contains(0);
    }

    @Test
    void maxTimestampIsTheRecordWithTheLargestTimestamp() throws IOException {
        PartitionLog log = logWithTimestamps();

        TimestampAndOffset max = log.offsetOfMaxTimestamp().orElseThrow();

        assertThat(max.timestamp).isEqualTo(900);
        assertThat(max.offset).isEqualTo(4);
    }

    @Test
    void maxTimestampSurvivesARestart() throws IOException {
        logWithTimestamps();
        manager.close();

        PartitionLog log = open(TestLogs.smallConfig());

        assertThat(log.offsetOfMaxTimestamp().orElseThrow().offset).isEqualTo(4);
        assertThat(offsetFor(log, 650)).isEqualTo(4);
    }

    @Test
    void emptyLogHasNoTimestamps() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig());

        assertThat(log.offsetForTimestamp(0)).isEmpty();
        assertThat(log.offsetOfMaxTimestamp()).isEmpty();
    }
}
