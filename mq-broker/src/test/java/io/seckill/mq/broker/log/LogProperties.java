package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log's contract under any history: whatever sequence of appends (random sizes and
 * compression), rolls, truncations and clean or unclean restarts, reading from the log start
 * returns exactly the records appended and not truncated, with offsets contiguous from the
 * log start offset.
 */
class LogProperties {

    sealed interface Operation permits Append, Roll, Truncate, Restart {
    }

    record Append(int recordCount, int valueBytes, CompressionType compression) implements Operation {
    }

    record Roll() implements Operation {
    }

    /** Truncates at {@code percent} % of the log end (the batch holding that offset goes whole). */
    record Truncate(int percent) implements Operation {
    }

    /** Restarts after a graceful shutdown or a crash (the files as they are at that moment). */
    record Restart(boolean clean) implements Operation {
    }

    /** What the log must hold: the values of each batch not truncated, in offset order. */
    record ExpectedBatch(long baseOffset, List<String> values) {
        long lastOffset() {
            return baseOffset + values.size() - 1;
        }
    }

    @Property(tries = 200)
    void readsBackExactlyWhatWasAppendedAndNotTruncated(
            @ForAll("operations") List<Operation> operations,
            @ForAll @IntRange(min = 200, max = 4096) int segmentBytes,
            @ForAll @IntRange(min = 0, max = 1024) int indexIntervalBytes,
            @ForAll FlushPolicy flushPolicy) throws IOException {
        LogConfig config = LogConfig.defaults().withSegmentBytes(segmentBytes)
                .withIndexIntervalBytes(indexIntervalBytes).withFlushPolicy(flushPolicy).withFileDeleteDelayMs(0);
        List<Path> dirs = new ArrayList<>(List.of(Files.createTempDirectory("log-properties")));
        ManualTime time = new ManualTime();
        LogManager manager = TestLogs.open(dirs.get(0), config, time);
        List<ExpectedBatch> expected = new ArrayList<>();
        try {
            for (int step = 0; step < operations.size(); step++) {
                PartitionLog log = manager.partition(TP).orElseThrow();
                switch (operations.get(step)) {
                    case Append append -> expected.add(append(log, append, step));
                    case Roll roll -> log.roll();
                    case Truncate truncate -> truncate(log, truncate, expected);
                    case Restart restart -> {
                        manager = restart(manager, restart, dirs, config, time);
                        verify(manager.partition(TP).orElseThrow(), expected);
                    }
                }
            }
            verify(manager.partition(TP).orElseThrow(), expected);
        } finally {
            manager.close();
            dirs.forEach(LogProperties::deleteRecursively);
        }
    }

    private static ExpectedBatch append(PartitionLog log, Append append, int step) {
        SimpleRecord[] records = new SimpleRecord[append.recordCount()];
        List<String> values = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            String value = "s" + step + "-r" + i + "-" + "x".repeat(append.valueBytes());
            values.add(value);
            records[i] = new SimpleRecord(1_000L + step, null, value.getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords batch = MemoryRecords.withRecords(Compression.of(append.compression()).build(), records);
        LogAppendResult result = log.append(batch);
        assertThat(result.lastOffset() - result.firstOffset() + 1).isEqualTo(records.length);
        return new ExpectedBatch(result.firstOffset(), values);
    }

    private static void truncate(PartitionLog log, Truncate truncate, List<ExpectedBatch> expected) {
        long offset = log.logEndOffset() * truncate.percent() / 100;
        log.truncateTo(offset);
        expected.removeIf(batch -> batch.lastOffset() >= offset);
        assertThat(log.logEndOffset()).isEqualTo(endOf(expected));
    }

    private static LogManager restart(LogManager manager, Restart restart, List<Path> dirs, LogConfig config,
                                      ManualTime time) throws IOException {
        Path current = dirs.get(dirs.size() - 1);
        Path next = current;
        if (!restart.clean()) {
            next = Files.createTempDirectory("log-properties-crash");
            dirs.add(next);
            TestLogs.copyDirectory(current, next);
        }
        manager.close();
        LogManager reopened = TestLogs.open(next, config, time);
        assertThat(reopened.recoveredUncleanShutdown()).isEqualTo(!restart.clean());
        return reopened;
    }

    private static void verify(PartitionLog log, List<ExpectedBatch> expected) {
        log.flush();
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(endOf(expected));
        assertThat(log.highWatermark()).isEqualTo(endOf(expected));
        long nextOffset = log.logStartOffset();
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : TestLogs.readAll(log)) {
            assertThat(batch.baseOffset()).isEqualTo(nextOffset);
            for (Record record : batch) {
                assertThat(record.offset()).isEqualTo(nextOffset++);
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
            }
        }
        assertThat(values).isEqualTo(expected.stream().flatMap(batch -> batch.values().stream()).toList());
        for (ExpectedBatch batch : expected) {
            long inside = batch.baseOffset() + batch.values().size() / 2;
            RecordBatch read = TestLogs.bytesOf(log.read(inside, 1, true).records()).batches().iterator().next();
            assertThat(read.baseOffset()).isEqualTo(batch.baseOffset());
        }
    }

    private static long endOf(List<ExpectedBatch> expected) {
        return expected.isEmpty() ? 0 : expected.get(expected.size() - 1).lastOffset() + 1;
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> append = Combinators.combine(
                Arbitraries.integers().between(1, 20),
                Arbitraries.integers().between(0, 300),
                Arbitraries.of(CompressionType.NONE, CompressionType.LZ4, CompressionType.GZIP)).as(Append::new);
        Arbitrary<Operation> roll = Arbitraries.just(new Roll());
        Arbitrary<Operation> truncate = Arbitraries.integers().between(0, 100).map(Truncate::new);
        Arbitrary<Operation> restart = Arbitraries.of(true, false).map(Restart::new);
        return Arbitraries.frequencyOf(Tuple.of(12, append), Tuple.of(2, roll), Tuple.of(2, truncate),
                Tuple.of(2, restart)).list().ofMinSize(1).ofMaxSize(40);
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
