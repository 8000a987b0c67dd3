package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentReadWriteTest {
    private static final int APPENDS_PER_WRITER = 400;

    @TempDir
    Path dataDir;
    private LogManager manager;

    @AfterEach
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void readersDuringAppendsSeeOnlyWholeValidBatchesBelowTheHighWatermark() throws Exception {
        for (FlushPolicy policy : FlushPolicy.values()) {
            manager = TestLogs.open(dataDir.resolve(policy.name()), TestLogs.smallConfig().withSegmentBytes(8192)
                    .withFlushPolicy(policy), new ManualTime());
            PartitionLog log = manager.partition(TP).orElseThrow();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<Integer>> readers = new ArrayList<>();
            Future<?> writers = threads.submit(() -> appendConcurrently(log, writing));
            for (int r = 0; r < 3; r++) {
                readers.add(threads.submit(() -> readWhile(log, writing)));
            }

            writers.get(30, TimeUnit.SECONDS);
            int readBatches = 0;
            for (Future<Integer> reader : readers) {
                readBatches += reader.get(30, TimeUnit.SECONDS);
            }
            threads.shutdown();

            assertThat(readBatches).isPositive();
            log.flush();
            assertThat(TestLogs.readAll(log)).hasSize(APPENDS_PER_WRITER * 2);
            manager.close();
        }
    }

    private static Void appendConcurrently(PartitionLog log, AtomicBoolean writing) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int i = 0; i < APPENDS_PER_WRITER; i++) {
                    Compression compression = i % 3 == 0 ? Compression.lz4().build() : Compression.NONE;
                    MemoryRecords batch = TestLogs.batch(compression, 1 + i % 7, "w" + writer + "-" + i, i);
                    log.append(batch);
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        writers.shutdown();
        writing.set(false);
        return null;
    }

    private static int readWhile(PartitionLog log, AtomicBoolean writing) {
        int batches = 0;
        while (writing.get()) {
            long end = log.logEndOffset();
            long offset = ThreadLocalRandom.current().nextLong(log.logStartOffset(), end + 1);
            LogReadResult result = log.read(offset, ThreadLocalRandom.current().nextInt(1, 4096), true);
            long expectedBase = -1;
            for (RecordBatch batch : TestLogs.bytesOf(result.records()).batches()) {
                batch.ensureValid();
                assertThat(batch.lastOffset()).isLessThan(result.highWatermark());
                assertThat(expectedBase < 0 || batch.baseOffset() == expectedBase).isTrue();
                expectedBase = batch.lastOffset() + 1;
                batches++;
            }
            assertThat(TestLogs.bytesOf(result.records()).validBytes()).isEqualTo(result.records().sizeInBytes());
        }
        return batches;
    }
}
