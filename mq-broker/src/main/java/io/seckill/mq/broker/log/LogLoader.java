package io.seckill.mq.broker.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Opens a partition directory. Segments with valid index files are trusted (their data was
 * fsynced before the index files were written); every other segment, and after an unclean
 * shutdown also the last one, is recovered: scanned batch by batch and truncated at the first
 * torn, corrupt or non-contiguous batch, dropping all later segments. Afterwards the producer
 * state is restored from the newest usable snapshot plus the batches after it, and everything
 * is durable. Stateless; runs before the log is shared with other threads.
 */
final class LogLoader {
    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    private LogLoader() {
    }

    static LoadedLog load(TopicPartition topicPartition, Path dir, LogConfig config, boolean uncleanShutdown,
                          long nowMs) throws IOException {
        Files.createDirectories(dir);
        List<Long> baseOffsets = deleteLeftoversAndListSegments(dir);
        NavigableMap<Long, LogSegment> segments = new TreeMap<>();
        if (baseOffsets.isEmpty()) {
            segments.put(0L, LogSegment.create(dir, 0));
        } else {
            loadSegments(topicPartition, dir, config, uncleanShutdown, baseOffsets, segments);
        }
        LogSegment active = segments.lastEntry().getValue();
        active.activateAfterLoad(nowMs);
        active.flush();
        if (uncleanShutdown) {
            // files created just before the crash: make their directory entries durable too
            LogFiles.fsyncDirectory(dir);
        }
        ProducerStateManager producerState = new ProducerStateManager(dir);
        restoreProducerState(producerState, segments, active.nextOffset());
        return new LoadedLog(segments, producerState);
    }

    private static void loadSegments(TopicPartition topicPartition, Path dir, LogConfig config,
                                     boolean uncleanShutdown, List<Long> baseOffsets,
                                     NavigableMap<Long, LogSegment> segments) throws IOException {
        for (int i = 0; i < baseOffsets.size(); i++) {
            long baseOffset = baseOffsets.get(i);
            boolean last = i == baseOffsets.size() - 1;
            if (!segments.isEmpty() && segments.lastEntry().getValue().nextOffset() != baseOffset) {
                log.warn("{}: segment {} does not continue the log at offset {}; dropping it and {} later segment(s)",
                        topicPartition, baseOffset, segments.lastEntry().getValue().nextOffset(),
                        baseOffsets.size() - i - 1);
                deleteSegmentFiles(dir, baseOffsets.subList(i, baseOffsets.size()));
                return;
            }
            Optional<LogSegment> indexed = last && uncleanShutdown ? Optional.empty()
                    : LogSegment.openIndexed(dir, baseOffset);
            LogSegment segment = indexed.isPresent() ? indexed.get() : recover(topicPartition, dir, baseOffset, config);
            if (!last) {
                segment.sealIfRolled();
            }
            segments.put(baseOffset, segment);
        }
    }

    private static LogSegment recover(TopicPartition topicPartition, Path dir, long baseOffset, LogConfig config)
            throws IOException {
        LogSegment segment = LogSegment.openForRecovery(dir, baseOffset);
        int truncatedBytes = segment.recover(config.indexIntervalBytes());
        if (truncatedBytes > 0) {
            log.warn("{}: recovery truncated {} bytes of invalid data at offset {} (segment {})", topicPartition,
                    truncatedBytes, segment.nextOffset(), segment.logFile());
        }
        return segment;
    }

    /**
     * Replaces the producer state by the newest snapshot at or below {@code logEndOffset} and
     * replays the batch headers after it.
     */
    static void restoreProducerState(ProducerStateManager producerState, NavigableMap<Long, LogSegment> segments,
                                     long logEndOffset) throws IOException {
        long from = Math.max(producerState.loadSnapshot(logEndOffset).orElse(0), segments.firstKey());
        for (LogSegment segment : segments.tailMap(segments.floorKey(from), true).values()) {
            for (FileChannelRecordBatch batch : segment.batchesFrom(from)) {
                if (batch.lastOffset() >= from) {
                    producerState.update(batch);
                }
            }
        }
    }

    /** Deletes files a crash or a deletion left behind; returns the base offsets of the segments. */
    private static List<Long> deleteLeftoversAndListSegments(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.toList();
        }
        List<Long> baseOffsets = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(LogFiles.DELETED_SUFFIX) || name.endsWith(LogFiles.TEMP_SUFFIX)) {
                Files.deleteIfExists(file);
            }
            LogFiles.offsetOf(file, LogFiles.LOG_SUFFIX).ifPresent(baseOffsets::add);
        }
        for (Path file : files) {
            Optional<Long> indexBase = indexBaseOffset(file);
            if (indexBase.isPresent() && !baseOffsets.contains(indexBase.get())) {
                Files.deleteIfExists(file);
            }
        }
        baseOffsets.sort(null);
        return baseOffsets;
    }

    private static Optional<Long> indexBaseOffset(Path file) {
        for (String suffix : List.of(LogFiles.OFFSET_INDEX_SUFFIX, LogFiles.TIME_INDEX_SUFFIX)) {
            var offset = LogFiles.offsetOf(file, suffix);
            if (offset.isPresent()) {
                return Optional.of(offset.getAsLong());
            }
        }
        return Optional.empty();
    }

    private static void deleteSegmentFiles(Path dir, List<Long> baseOffsets) throws IOException {
        for (long baseOffset : baseOffsets) {
            Files.deleteIfExists(LogFiles.offsetIndexFile(dir, baseOffset));
            Files.deleteIfExists(LogFiles.timeIndexFile(dir, baseOffset));
            Files.deleteIfExists(LogFiles.logFile(dir, baseOffset));
        }
    }
}
