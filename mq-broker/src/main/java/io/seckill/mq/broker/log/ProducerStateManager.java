package io.seckill.mq.broker.log;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Idempotent-producer state of one partition: for each producer id its epoch and last batches,
 * to drop retried batches and reject sequence gaps and fenced epochs. Invariant: the state equals
 * the result of replaying, in offset order, every idempotent batch of the log (batches of
 * producers that expired after {@value #PRODUCER_ID_EXPIRATION_MS} ms of inactivity excepted).
 * Snapshots {@code <offset>.snapshot} let a restart replay only the batches after the newest one.
 *
 * <p>Thread-safety: not thread-safe; every method runs under the owning partition's lock (or
 * while the log is being loaded).
 */
final class ProducerStateManager {
    /** producer.id.expiration.ms: producers silent this long are forgotten when a snapshot is taken. */
    static final long PRODUCER_ID_EXPIRATION_MS = 86_400_000L;
    private static final int SNAPSHOTS_KEPT = 2;
    private static final Logger log = LoggerFactory.getLogger(ProducerStateManager.class);

    /** Producer epoch and last sequence as left by the batches already checked in one request. */
    private record Sequence(short epoch, int lastSeq) {
    }

    private final Path dir;
    private final Map<Long, ProducerEntry> producers = new HashMap<>();

    ProducerStateManager(Path dir) {
        this.dir = dir;
    }

    int producerCount() {
        return producers.size();
    }

    /**
     * Checks a request's batches in order against the producers' state: returns the cached batch
     * when one of them is a retry of an appended batch, throws when an epoch is fenced or a
     * sequence does not follow, and changes nothing.
     */
    Optional<BatchMetadata> checkAppend(List<? extends RecordBatch> batches) {
        Map<Long, Sequence> pending = batches.size() == 1 ? Map.of() : new HashMap<>();
        for (RecordBatch batch : batches) {
            long producerId = batch.producerId();
            if (producerId == RecordBatch.NO_PRODUCER_ID) {
                continue;
            }
            ProducerEntry entry = producers.get(producerId);
            if (entry != null) {
                Optional<BatchMetadata> duplicate = entry.findDuplicate(batch.producerEpoch(), batch.baseSequence(),
                        batch.lastSequence());
                if (duplicate.isPresent()) {
                    return duplicate;
                }
            }
            Sequence current = pending.get(producerId);
            if (current == null && entry != null) {
                current = new Sequence(entry.epoch(), entry.lastSequence());
            }
            checkSequence(producerId, current, batch);
            if (batches.size() > 1) {
                pending.put(producerId, new Sequence(batch.producerEpoch(), batch.lastSequence()));
            }
        }
        return Optional.empty();
    }

    private static void checkSequence(long producerId, Sequence current, RecordBatch batch) {
        short epoch = batch.producerEpoch();
        int firstSeq = batch.baseSequence();
        if (current == null || current.lastSeq() == RecordBatch.NO_SEQUENCE) {
            if (firstSeq != 0) {
                throw new OutOfOrderSequenceException("producer " + producerId + " is unknown here and must start"
                        + " at sequence 0, not " + firstSeq);
            }
        } else if (epoch < current.epoch()) {
            throw new InvalidProducerEpochException("producer " + producerId + " epoch " + epoch
                    + " is older than the current epoch " + current.epoch());
        } else if (epoch > current.epoch()) {
            if (firstSeq != 0) {
                throw new OutOfOrderSequenceException("producer " + producerId + " started epoch " + epoch
                        + " at sequence " + firstSeq + " instead of 0");
            }
        } else if (firstSeq != DefaultRecordBatch.incrementSequence(current.lastSeq(), 1)) {
            throw new OutOfOrderSequenceException("producer " + producerId + " sent sequence " + firstSeq
                    + " after " + current.lastSeq());
        }
    }

    /** Records an appended (or replayed) batch, which carries its final offsets. */
    void update(RecordBatch batch) {
        long producerId = batch.producerId();
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return;
        }
        producers.computeIfAbsent(producerId, id -> new ProducerEntry(batch.producerEpoch()))
                .add(batch.producerEpoch(), new BatchMetadata(batch.baseSequence(), batch.lastSequence(),
                        batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp()));
    }

    /** Forgets producers whose newest batch is older than {@value #PRODUCER_ID_EXPIRATION_MS} ms. */
    void expireProducers(long nowMs) {
        producers.values().removeIf(entry -> entry.lastTimestampMs() >= 0
                && nowMs - entry.lastTimestampMs() >= PRODUCER_ID_EXPIRATION_MS);
    }

    /** Writes the state as of {@code offset} (all batches below it) and keeps only the newest snapshots. */
    void writeSnapshot(long offset) throws IOException {
        ProducerStateSnapshot.write(LogFiles.snapshotFile(dir, offset), producers);
        List<Long> offsets = snapshotOffsets();
        for (int i = 0; i < offsets.size() - SNAPSHOTS_KEPT; i++) {
            Files.deleteIfExists(LogFiles.snapshotFile(dir, offsets.get(i)));
        }
    }

    /**
     * Replaces the state by the newest readable snapshot at or below {@code maxOffset}, deleting
     * snapshots above it and unreadable ones. Returns the snapshot's offset: batches from there on
     * must be replayed with {@link #update}. Empty (and no producers) when there is none.
     */
    OptionalLong loadSnapshot(long maxOffset) throws IOException {
        producers.clear();
        List<Long> offsets = snapshotOffsets();
        for (int i = offsets.size() - 1; i >= 0; i--) {
            Path file = LogFiles.snapshotFile(dir, offsets.get(i));
            if (offsets.get(i) <= maxOffset) {
                Optional<Map<Long, ProducerEntry>> loaded = ProducerStateSnapshot.read(file);
                if (loaded.isPresent()) {
                    producers.putAll(loaded.get());
                    return OptionalLong.of(offsets.get(i));
                }
                log.warn("ignoring corrupt producer state snapshot {}", file);
            }
            Files.deleteIfExists(file);
        }
        return OptionalLong.empty();
    }

    private List<Long> snapshotOffsets() throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> LogFiles.offsetOf(file, LogFiles.SNAPSHOT_SUFFIX).ifPresent(offsets::add));
        }
        offsets.sort(null);
        return offsets;
    }
}
