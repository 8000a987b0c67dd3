package io.seckill.mq.client.txn;

import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.TransactionState;

/**
 * Answers the coordinator's check-back about a half message left undecided (its sender died or lost the
 * decision): COMMIT if the local transaction committed, ROLLBACK if it did not and never will, UNKNOWN to be
 * asked again later. Must answer from durable local state (e.g. the row or reservation the transaction writes),
 * since the instance asked may not be the one that sent the message. Called on the check listener's thread.
 */
@FunctionalInterface
public interface TransactionChecker {

    TransactionState check(HalfMessage message) throws Exception;
}
