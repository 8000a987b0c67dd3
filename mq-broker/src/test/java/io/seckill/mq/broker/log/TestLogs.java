package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Builders of producer batches and helpers to open, read and crash logs in tests. */
final class TestLogs {
    static final TopicPartition TP = new TopicPartition("orders", 0);

    private TestLogs() {
    }

    /** ASYNC (so appends are visible at once), small segments, dense index, no delete delay. */
    static LogConfig smallConfig() {
        return LogConfig.defaults().withSegmentBytes(4096).withIndexIntervalBytes(256)
                .withFlushPolicy(FlushPolicy.ASYNC).withFileDeleteDelayMs(0);
    }

    static LogManager open(Path dataDir, LogConfig config, ManualTime time) throws IOException {
        return LogManager.open(dataDir, Map.of(TP, config), HighWatermarkListener.NONE, time);
    }

    /** One uncompressed batch of records "prefix-0", "prefix-1", ... with timestamp {@code timestampMs}. */
    static MemoryRecords batch(int recordCount, String prefix, long timestampMs) {
        return batch(Compression.NONE, recordCount, prefix, timestampMs);
    }

    static MemoryRecords batch(Compression compression, int recordCount, String prefix, long timestampMs) {
        return MemoryRecords.withRecords(compression, records(recordCount, prefix, timestampMs));
    }

    static MemoryRecords idempotentBatch(long producerId, short epoch, int baseSequence, int recordCount) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence,
                records(recordCount, "p" + producerId + "-s" + baseSequence, 1_700_000_000_000L));
    }

    static SimpleRecord[] records(int count, String prefix, long timestampMs) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(timestampMs, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    /** Several batches in one request buffer. */
    static MemoryRecords concat(MemoryRecords... parts) {
        int size = 0;
        for (MemoryRecords part : parts) {
            size += part.sizeInBytes();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (MemoryRecords part : parts) {
            buffer.put(part.buffer());
        }
        return MemoryRecords.readableRecords(buffer.flip());
    }

    static MemoryRecords builtBatch(Compression compression, TimestampType type, long[] timestamps) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(64 * 1024),
                RecordBatch.CURRENT_MAGIC_VALUE, compression, type, 0L);
        for (int i = 0; i < timestamps.length; i++) {
            builder.append(timestamps[i], null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** The bytes of a slice, as the consumer would receive them. */
    static MemoryRecords bytesOf(FileSlice slice) {
        ByteBuffer buffer = ByteBuffer.allocate(slice.sizeInBytes());
        try {
            while (buffer.hasRemaining()) {
                if (slice.channel().read(buffer, slice.position() + buffer.position()) < 0) {
                    throw new IOException("unexpected end of " + slice);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MemoryRecords.readableRecords(buffer.flip());
    }

    /** Every batch from the log start offset up to the high watermark, read with small fetches. */
    static List<RecordBatch> readAll(PartitionLog log) {
        List<RecordBatch> batches = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.highWatermark()) {
            LogReadResult result = log.read(offset, 1024, true);
            for (RecordBatch batch : bytesOf(result.records()).batches()) {
                batches.add(batch);
                offset = batch.lastOffset() + 1;
            }
        }
        return batches;
    }

    /** The values of every record from the log start offset up to the high watermark. */
    static List<String> readValues(PartitionLog log) {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : readAll(log)) {
            batch.forEach(record -> values.add(StandardCharsets.UTF_8.decode(record.value()).toString()));
        }
        return values;
    }

    static List<String> values(int count, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(prefix + "-" + i);
        }
        return values;
    }

    /**
     * Copies a live data directory: what a crash (kill -9) leaves on disk. Files the background
     * threads rename or delete meanwhile are skipped, as a crash at that moment would lose them.
     */
    static void copyDirectory(Path from, Path to) {
        try {
            Files.createDirectories(to);
            List<Path> entries;
            try (Stream<Path> listing = Files.list(from)) {
                entries = listing.toList();
            }
            for (Path source : entries) {
                Path target = to.resolve(source.getFileName().toString());
                if (Files.isDirectory(source)) {
                    copyDirectory(source, target);
                } else {
                    copyIfStillThere(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyIfStillThere(Path source, Path target) throws IOException {
        try {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // renamed or deleted by the flusher or the scheduler while copying
        }
    }

    static Path partitionDir(Path dataDir) {
        return dataDir.resolve(TP.topic() + "-" + TP.partition());
    }

    static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
