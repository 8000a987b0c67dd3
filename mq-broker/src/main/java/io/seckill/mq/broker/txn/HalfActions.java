package io.seckill.mq.broker.txn;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a {@link HalfPartition} asks its engine to do; the engine turns each into records on the wire. */
interface HalfActions {

    /** A new half message was read (not on replay). */
    void received(PendingHalf half);

    /** The message rolled back: it is discarded. */
    void rolledBack(PendingHalf half);

    /** The message committed (by the decision record stamped {@code decidedAtMs}): deliver it. */
    void deliver(PendingHalf half, long decidedAtMs);

    /** Ask the producer group about the message; {@code half.checkCount} is already this check's number. */
    void checkBack(PendingHalf half, int halfPartition);

    /** No decision after every check: move it to the dead topic and mark it so on the half topic. */
    void giveUp(PendingHalf half, int halfPartition);

    /** A record on the half topic that is not a well-formed protocol record. */
    void malformed(ConsumerRecord<byte[], byte[]> record, String reason);

    /** A decision about a message that is not pending (already decided, given up, or decided twice). */
    void lateDecision(String messageId, String type);
}
