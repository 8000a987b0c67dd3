package io.seckill.mq.broker.txn;

import io.seckill.mq.broker.config.CoordinatorSettings;
import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MqContract.Headers;
import io.seckill.mq.client.MqContract.RecordType;
import io.seckill.mq.client.ProtocolRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coordinator's view of one partition of the half topic: the half messages that have no decision yet.
 *
 * <p>Invariant: after {@link #apply} has seen every record below {@link #nextOffset()}, {@code pending} holds
 * exactly the half messages below it with no COMMIT, ROLLBACK or DEAD record below it. Hence the partition's
 * checkpoint is two offsets: {@link #resumeOffset()} (the oldest pending half, or {@code nextOffset} when none),
 * from which a restart re-reads, and {@link #processedOffset()}, below which every action was already taken.
 * A restart rebuilds {@code pending} from records in [resume, processed) without acting on them again, then acts
 * normally. A delivery sent after the last checkpoint may be sent again after a crash, with the same message id.
 *
 * <p>Confined to the engine thread.
 */
final class HalfPartition {

    private final int partition;
    private final CoordinatorSettings defaults;
    private final HalfActions actions;
    private final long replayUntil;
    private final Map<String, PendingHalf> pending = new HashMap<>();
    private final TreeMap<Long, PendingHalf> pendingByOffset = new TreeMap<>();
    private long nextOffset;
    private long lastRecordTimestampMs = Long.MIN_VALUE;

    /**
     * @param startOffset the offset reading starts at (the checkpoint's resume offset)
     * @param replayUntil the checkpoint's processed offset: records below it only rebuild state
     */
    HalfPartition(int partition, long startOffset, long replayUntil, CoordinatorSettings defaults, HalfActions actions) {
        this.partition = partition;
        this.nextOffset = startOffset;
        this.replayUntil = Math.max(startOffset, replayUntil);
        this.defaults = defaults;
        this.actions = actions;
    }

    /** Applies the next record of the partition, in offset order. */
    void apply(ConsumerRecord<byte[], byte[]> record) {
        boolean replaying = record.offset() < replayUntil;
        nextOffset = record.offset() + 1;
        lastRecordTimestampMs = Math.max(lastRecordTimestampMs, record.timestamp());
        RecordType type;
        String messageId;
        try {
            type = ProtocolRecords.typeOf(record.headers());
            messageId = HeaderValues.string(record.headers(), Headers.MESSAGE_ID);
            if (messageId == null) {
                throw new IllegalArgumentException("record without " + Headers.MESSAGE_ID);
            }
        } catch (IllegalArgumentException e) {
            if (!replaying) {
                actions.malformed(record, e.getMessage());
            }
            return;
        }
        switch (type) {
            case HALF -> addHalf(record, replaying);
            case COMMIT -> {
                PendingHalf half = remove(messageId);
                if (half == null) {
                    if (!replaying) {
                        actions.lateDecision(messageId, type.name());
                    }
                } else if (!replaying) {
                    actions.deliver(half, record.timestamp());
                }
            }
            case ROLLBACK -> {
                PendingHalf half = remove(messageId);
                if (!replaying) {
                    if (half == null) {
                        actions.lateDecision(messageId, type.name());
                    } else {
                        actions.rolledBack(half);
                    }
                }
            }
            case DEAD -> remove(messageId);
            case CHECK -> {
                PendingHalf half = pending.get(messageId);
                if (half != null) {
                    half.checked((int) HeaderValues.longValue(record.headers(), Headers.CHECK_COUNT, half.checkCount + 1L),
                            record.timestamp());
                }
            }
        }
    }

    private void addHalf(ConsumerRecord<byte[], byte[]> record, boolean replaying) {
        PendingHalf half;
        try {
            half = PendingHalf.of(record, defaults);
        } catch (IllegalArgumentException e) {
            if (!replaying) {
                actions.malformed(record, e.getMessage());
            }
            return;
        }
        PendingHalf previous = pending.put(half.messageId, half);
        if (previous != null) {
            // The same id sent twice (a producer retry that was not deduplicated): the later copy stands for both.
            pendingByOffset.remove(previous.offset);
        }
        pendingByOffset.put(half.offset, half);
        if (!replaying) {
            actions.received(half);
        }
    }

    private PendingHalf remove(String messageId) {
        PendingHalf half = pending.remove(messageId);
        if (half != null) {
            pendingByOffset.remove(half.offset);
        }
        return half;
    }

    /**
     * Checks back every pending half message whose time has come, or gives it up after its last check.
     *
     * <p>A check is only made once this partition has been read past the check's due time: when caught up with
     * the log end, or when a record stamped later than the due time has been read. Otherwise a coordinator that
     * lags behind the log would check back (or give up) messages whose decision is already written, just not yet
     * read. For the same reason nothing is checked while replaying.
     *
     * @param caughtUp whether the consumer has read up to the partition's end
     */
    void checkDue(long nowMs, boolean caughtUp) {
        if (replaying()) {
            return;
        }
        long seenUpToMs = caughtUp ? nowMs : Math.min(nowMs, lastRecordTimestampMs);
        List<PendingHalf> due = new ArrayList<>();
        for (PendingHalf half : pending.values()) {
            if (half.nextCheckAtMs <= seenUpToMs) {
                due.add(half);
            }
        }
        for (PendingHalf half : due) {
            if (half.checkCount >= half.checkMax) {
                remove(half.messageId);
                actions.giveUp(half, partition);
            } else {
                half.checked(half.checkCount + 1, nowMs);
                actions.checkBack(half, partition);
            }
        }
    }

    boolean replaying() {
        return nextOffset < replayUntil;
    }

    int partition() {
        return partition;
    }

    int pendingCount() {
        return pending.size();
    }

    long nextOffset() {
        return nextOffset;
    }

    /** Where a restart must start reading: the oldest pending half message, or the next offset. */
    long resumeOffset() {
        return pendingByOffset.isEmpty() ? nextOffset : Math.min(pendingByOffset.firstKey(), nextOffset);
    }

    /** Below this offset every action has been taken (at the next checkpoint). */
    long processedOffset() {
        return Math.max(nextOffset, replayUntil);
    }
}
