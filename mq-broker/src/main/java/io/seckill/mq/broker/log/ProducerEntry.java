package io.seckill.mq.broker.log;

import org.apache.kafka.common.record.RecordBatch;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * One idempotent producer's state in one partition: its current epoch and its last (at most
 * {@value #MAX_CACHED_BATCHES}) batches, oldest first. Invariant: every cached batch was written
 * with the current epoch, and their sequences follow each other. Mutable; confined to the owning
 * partition's lock.
 */
final class ProducerEntry {
    /** As many batches as a producer may have in flight (max.in.flight.requests.per.connection <= 5). */
    static final int MAX_CACHED_BATCHES = 5;

    private short epoch;
    private final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(MAX_CACHED_BATCHES + 1);

    ProducerEntry(short epoch) {
        this.epoch = epoch;
    }

    short epoch() {
        return epoch;
    }

    /** The last sequence of the newest batch, or NO_SEQUENCE when no batch is cached. */
    int lastSequence() {
        BatchMetadata last = batches.peekLast();
        return last == null ? RecordBatch.NO_SEQUENCE : last.lastSeq();
    }

    /** The timestamp of the newest batch, or NO_TIMESTAMP when no batch is cached. */
    long lastTimestampMs() {
        BatchMetadata last = batches.peekLast();
        return last == null ? RecordBatch.NO_TIMESTAMP : last.timestampMs();
    }

    List<BatchMetadata> batches() {
        return List.copyOf(batches);
    }

    /** The cached batch with exactly this epoch and sequence range, if the producer is retrying it. */
    Optional<BatchMetadata> findDuplicate(short batchEpoch, int firstSeq, int lastSeq) {
        if (batchEpoch != epoch) {
            return Optional.empty();
        }
        for (BatchMetadata batch : batches) {
            if (batch.firstSeq() == firstSeq && batch.lastSeq() == lastSeq) {
                return Optional.of(batch);
            }
        }
        return Optional.empty();
    }

    /** Records an appended batch; a new epoch starts a fresh history. */
    void add(short batchEpoch, BatchMetadata batch) {
        if (batchEpoch != epoch) {
            batches.clear();
            epoch = batchEpoch;
        }
        batches.addLast(batch);
        if (batches.size() > MAX_CACHED_BATCHES) {
            batches.removeFirst();
        }
    }
}
