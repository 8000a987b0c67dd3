package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static io.seckill.mq.broker.log.TestLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LogManagerTest {
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

    private List<Path> deleteDirs() throws IOException {
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.filter(path -> path.getFileName().toString().endsWith(LogManager.DELETE_DIR_SUFFIX))
                    .toList();
        }
    }

    @Test
    void firstStartOnAnEmptyDirectoryIsNotARecovery() throws IOException {
        manager = TestLogs.open(dataDir, TestLogs.smallConfig(), time);

        assertThat(manager.recoveredUncleanShutdown()).isFalse();
        assertThat(manager.partitions()).extracting(PartitionLog::topicPartition).containsExactly(TP);
        assertThat(Files.isDirectory(dataDir.resolve("orders-0"))).isTrue();
    }

    @Test
    void cleanCloseWritesTheMarkerAndTheNextStartDoesNotRecover() throws IOException {
        manager = TestLogs.open(dataDir, TestLogs.smallConfig(), time);
        manager.partition(TP).orElseThrow().append(batch(2, "m", 1L));
        manager.close();

        assertThat(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)).exists();
        manager = TestLogs.open(dataDir, TestLogs.smallConfig(), time);

        assertThat(manager.recoveredUncleanShutdown()).isFalse();
        assertThat(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)).doesNotExist();
        assertThat(TestLogs.readValues(manager.partition(TP).orElseThrow())).containsExactly("m-0", "m-1");
    }

    @Test
    void createPartitionIsIdempotent() throws IOException {
        manager = TestLogs.open(dataDir, TestLogs.smallConfig(), time);
        TopicPartition other = new TopicPartition("payments-eu", 3);

        PartitionLog created = manager.createPartition(other, TestLogs.smallConfig());

        assertThat(manager.createPartition(other, TestLogs.smallConfig())).isSameAs(created);
        assertThat(manager.partition(other)).containsSame(created);
        assertThat(Files.isDirectory(dataDir.resolve("payments-eu-3"))).isTrue();
    }

    @Test
    void deletedPartitionIsRenamedAndItsFilesGoAfterTheDelay() throws IOException {
        manager = TestLogs.open(dataDir, TestLogs.smallConfig().withFileDeleteDelayMs(300), time);
        PartitionLog log = manager.partition(TP).orElseThrow();
        log.append(batch(3, "gone", 1L));
        FileSlice inFlight = log.read(0, 1000, true).records();

        manager.deletePartition(TP);

        assertThat(manager.partition(TP)).isEmpty();
        assertThat(TestLogs.partitionDir(dataDir)).doesNotExist();
        assertThat(deleteDirs()).hasSize(1);
        assertThat(deleteDirs().get(0).getFileName().toString()).startsWith("orders-0.");
        assertThat(TestLogs.bytesOf(inFlight).batches().iterator().next().lastOffset()).isEqualTo(2);
        assertThatThrownBy(() -> log.append(batch(1, "late", 1L))).isInstanceOf(UnknownTopicOrPartitionException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deleteDirs()).isEmpty());
    }

    @Test
    void aRecreatedPartitionStartsEmpty() throws IOException {
        manager = TestLogs.open(dataDir, TestLogs.smallConfig(), time);
        manager.partition(TP).orElseThrow().append(batch(3, "old", 1L));
        manager.deletePartition(TP);

        PartitionLog recreated = manager.createPartition(TP, TestLogs.smallConfig());

        assertThat(recreated.logEndOffset()).isZero();
    }

    @Test
    void diskUsageCountsTheRecordBytesOfEveryPartition() throws IOException {
        manager = LogManager.open(dataDir, Map.of(TP, TestLogs.smallConfig(),
                new TopicPartition("orders", 1), TestLogs.smallConfig()), HighWatermarkListener.NONE, time);
        int first = manager.partition(TP).orElseThrow().append(batch(3, "a", 1L)).appendedBytes();
        int second = manager.partition(new TopicPartition("orders", 1)).orElseThrow()
                .append(batch(5, "b", 1L)).appendedBytes();

        assertThat(manager.diskUsageBytes()).isEqualTo(first + second);
    }

    @Test
    void leftoverDeleteDirectoriesAreRemovedAtStart() throws IOException {
        Path leftover = Files.createDirectories(dataDir.resolve("orders-7.abc" + LogManager.DELETE_DIR_SUFFIX));
        Files.write(leftover.resolve("00000000000000000000.log"), new byte[10]);

        manager = TestLogs.open(dataDir, TestLogs.smallConfig(), time);

        assertThat(leftover).doesNotExist();
    }
}
