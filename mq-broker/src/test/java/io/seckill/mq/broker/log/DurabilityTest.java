package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static io.seckill.mq.broker.log.TestLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DurabilityTest {
    @TempDir
    Path dataDir;
    private final ManualTime time = new ManualTime();
    private final AtomicLong listenedHighWatermark = new AtomicLong(-1);
    private final ConcurrentLinkedQueue<String> listenerThreads = new ConcurrentLinkedQueue<>();
    private LogManager manager;

    @AfterEach
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    private PartitionLog open(LogConfig config) throws IOException {
        HighWatermarkListener listener = (TopicPartition tp, long highWatermark) -> {
            listenedHighWatermark.accumulateAndGet(highWatermark, Math::max);
            listenerThreads.add(Thread.currentThread().getName());
        };
        manager = LogManager.open(dataDir, Map.of(TP, config), listener, time);
        return manager.partition(TP).orElseThrow();
    }

    private static LogConfig syncConfig() {
        return TestLogs.smallConfig().withFlushPolicy(FlushPolicy.SYNC);
    }

    @Test
    void syncAwaitDurableCompletesAfterTheFlushAndTheHighWatermarkFollows() throws Exception {
        PartitionLog log = open(syncConfig());

        LogAppendResult result = log.append(batch(5, "d", 1L));
        CompletableFuture<Void> durable = log.awaitDurable(result.lastOffset() + 1);

        durable.get(5, TimeUnit.SECONDS);
        assertThat(log.highWatermark()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> listenedHighWatermark.get() == 5);
        assertThat(listenerThreads).containsOnly("log-flusher");
        assertThat(TestLogs.readValues(log)).isEqualTo(TestLogs.values(5, "d"));
    }

    @Test
    void syncReadsNeverPassTheHighWatermark() throws Exception {
        PartitionLog log = open(syncConfig());
        for (int i = 0; i < 200; i++) {
            log.append(batch(1, "v" + i, 1L));
            LogReadResult read = log.read(log.logStartOffset(), Integer.MAX_VALUE, true);
            long lastReadOffset = -1;
            for (var stored : TestLogs.bytesOf(read.records()).batches()) {
                lastReadOffset = stored.lastOffset();
            }
            assertThat(lastReadOffset).isLessThan(read.highWatermark());
            assertThat(read.highWatermark()).isLessThanOrEqualTo(read.logEndOffset());
        }
        log.awaitDurable(200).get(5, TimeUnit.SECONDS);
        assertThat(log.highWatermark()).isEqualTo(200);
    }

    @Test
    void concurrentAppendsShareFlushesAndAllBecomeDurable() throws Exception {
        PartitionLog log = open(syncConfig().withSegmentBytes(64 * 1024));
        ExecutorService producers = Executors.newFixedThreadPool(8);
        List<Future<CompletableFuture<Void>>> acks = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            int n = i;
            acks.add(producers.submit(() -> log.awaitDurable(log.append(batch(2, "c" + n, 1L)).lastOffset() + 1)));
        }
        for (Future<CompletableFuture<Void>> ack : acks) {
            ack.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
        producers.shutdown();

        assertThat(log.logEndOffset()).isEqualTo(1600);
        assertThat(log.highWatermark()).isEqualTo(1600);
        assertThat(TestLogs.readValues(log)).hasSize(1600);
    }

    @Test
    void asyncHighWatermarkIsTheLogEndAndAwaitDurableCompletesAtOnce() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withFlushIntervalMs(60_000));

        log.append(batch(3, "a", 1L));

        assertThat(log.highWatermark()).isEqualTo(3);
        assertThat(log.awaitDurable(3)).isCompleted();
        assertThat(listenedHighWatermark.get()).isEqualTo(3);
        assertThat(listenerThreads).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void explicitFlushMakesEverythingDurableOnTheCallingThread() throws Exception {
        PartitionLog log = open(syncConfig());
        log.append(batch(3, "f", 1L));

        log.flush();

        assertThat(log.highWatermark()).isEqualTo(3);
        assertThat(log.awaitDurable(3)).isCompleted();
    }

    @Test
    void switchingFromAsyncToSyncKeepsTheHighWatermark() throws IOException {
        PartitionLog log = open(TestLogs.smallConfig().withFlushIntervalMs(60_000));
        log.append(batch(4, "s", 1L));

        manager.updateConfig(TP, log.config().withFlushPolicy(FlushPolicy.SYNC));

        assertThat(log.highWatermark()).isEqualTo(4);
    }

    @Test
    void waitersOfADeletedPartitionFail() throws Exception {
        PartitionLog log = open(syncConfig());
        log.append(batch(1, "x", 1L));
        CompletableFuture<Void> pending = log.awaitDurable(Long.MAX_VALUE);

        manager.deletePartition(TP);

        for (CompletableFuture<Void> future : List.of(pending, log.awaitDurable(1))) {
            assertThat(future).failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }
}
