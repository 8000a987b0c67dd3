package io.seckill.mq.broker.group;

import io.seckill.mq.broker.log.FileSlice;
import io.seckill.mq.broker.log.LogAppendResult;
import io.seckill.mq.broker.log.PartitionLog;
import io.seckill.mq.broker.metadata.TopicConfigs;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Groups and committed offsets in the internal partition {@code __consumer_offsets-0}, written with
 * the broker's own log ({@link GroupRecords} layout, last value per key wins, null value deletes).
 *
 * <p>Compaction happens on start, before the broker serves: when the log holds many more records
 * than live keys, the live set replaces the log. To survive a crash in the middle, the live set is
 * first written to a snapshot file (temp file, fsync, atomic rename); then the log is truncated to
 * its start and the live set appended and fsynced; then the snapshot file is deleted. A start that
 * finds the snapshot file loads it (it is complete) and redoes the rewrite.
 *
 * <p>Thread-safety: appends are thread-safe (the partition log serializes them); the coordinator
 * orders them by appending under its lock. {@link #load()} runs once, before any append.
 */
public final class GroupLog implements GroupStore {

    /**
     * Overrides of the internal topic: never deleted by retention (compaction is ours), always
     * fsynced before a commit is acknowledged, and room for large batches of offsets.
     */
    public static final Map<String, String> TOPIC_CONFIGS = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
            TopicConfigs.FLUSH_POLICY_CONFIG, "sync",
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));

    private static final Logger log = LoggerFactory.getLogger(GroupLog.class);
    private static final int RECORDS_PER_BATCH = 500;
    private static final int READ_BYTES = 1024 * 1024;
    /** Compact on start when the log has at least this many records and more than twice the live keys. */
    private static final long COMPACTION_MIN_RECORDS = 10_000;

    private final PartitionLog partition;
    private final Path snapshotFile;
    private final Time time;

    public GroupLog(PartitionLog partition, Path snapshotFile, Time time) {
        this.partition = partition;
        this.snapshotFile = snapshotFile;
        this.time = time;
    }

    @Override
    public CompletableFuture<Void> writeGroup(String groupId, GroupMetadataValue value) {
        return append(List.of(GroupRecords.group(groupId, value, time.milliseconds())));
    }

    @Override
    public CompletableFuture<Void> writeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        long nowMs = time.milliseconds();
        List<SimpleRecord> records = new ArrayList<>(offsets.size());
        offsets.forEach((tp, value) -> records.add(GroupRecords.offset(groupId, tp, value, nowMs)));
        return append(records);
    }

    private CompletableFuture<Void> append(List<SimpleRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            LogAppendResult last = null;
            for (List<SimpleRecord> batch : batches(records)) {
                last = partition.append(toRecords(batch));
            }
            return partition.awaitDurable(last.lastOffset() + 1);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static List<List<SimpleRecord>> batches(List<SimpleRecord> records) {
        List<List<SimpleRecord>> batches = new ArrayList<>();
        for (int from = 0; from < records.size(); from += RECORDS_PER_BATCH) {
            batches.add(records.subList(from, Math.min(records.size(), from + RECORDS_PER_BATCH)));
        }
        return batches;
    }

    private static MemoryRecords toRecords(List<SimpleRecord> batch) {
        return MemoryRecords.withRecords(Compression.NONE, batch.toArray(SimpleRecord[]::new));
    }

    /** Reads the live state (finishing an interrupted compaction first) and compacts the log if worthwhile. */
    GroupLogState load() throws IOException {
        GroupLogState state = new GroupLogState();
        if (Files.exists(snapshotFile)) {
            log.info("finishing the interrupted compaction of {} from {}", partition.topicPartition(), snapshotFile);
            readRecords(ByteBuffer.wrap(Files.readAllBytes(snapshotFile)), state);
            rewrite(state);
            return state;
        }
        long records = replay(state);
        log.info("loaded {} group(s) and {} committed offset(s) from {} records of {}", state.groups().size(),
                state.size() - state.groups().size(), records, partition.topicPartition());
        if (records >= COMPACTION_MIN_RECORDS && records > 2 * state.size()) {
            rewrite(state);
        }
        return state;
    }

    private long replay(GroupLogState state) throws IOException {
        long offset = partition.logStartOffset();
        long end = partition.highWatermark();
        long count = 0;
        while (offset < end) {
            FileSlice slice = partition.read(offset, READ_BYTES, true).records();
            if (slice.sizeInBytes() == 0) {
                break;
            }
            ByteBuffer buffer = ByteBuffer.allocate(slice.sizeInBytes());
            readFully(slice.channel(), buffer, slice.position());
            buffer.flip();
            for (RecordBatch batch : MemoryRecords.readableRecords(buffer).batches()) {
                count += applyBatch(batch, state);
                offset = batch.nextOffset();
            }
        }
        return count;
    }

    private static void readRecords(ByteBuffer buffer, GroupLogState state) {
        for (RecordBatch batch : MemoryRecords.readableRecords(buffer).batches()) {
            applyBatch(batch, state);
        }
    }

    private static long applyBatch(RecordBatch batch, GroupLogState state) {
        long count = 0;
        for (Record record : batch) {
            count++;
            try {
                state.apply(GroupRecords.decode(record));
            } catch (IllegalArgumentException e) {
                // Only the broker writes here; anything else (e.g. a client producing to the topic) is skipped.
                log.warn("skipping an unreadable record of the offsets log: {}", e.getMessage());
            }
        }
        return count;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of the offsets log at position " + at);
            }
            at += read;
        }
    }

    private void rewrite(GroupLogState state) throws IOException {
        List<SimpleRecord> live = state.toRecords(time.milliseconds());
        writeSnapshotFile(live);
        partition.truncateTo(partition.logStartOffset());
        append(live).join();
        Files.deleteIfExists(snapshotFile);
        log.info("compacted {} to {} live record(s)", partition.topicPartition(), live.size());
    }

    private void writeSnapshotFile(List<SimpleRecord> live) throws IOException {
        Path temp = snapshotFile.resolveSibling(snapshotFile.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (List<SimpleRecord> batch : batches(live)) {
                ByteBuffer buffer = toRecords(batch).buffer();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.force(true);
        }
        Files.move(temp, snapshotFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(snapshotFile.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
