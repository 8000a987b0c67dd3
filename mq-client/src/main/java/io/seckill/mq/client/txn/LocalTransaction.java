package io.seckill.mq.client.txn;

import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.TransactionState;

/**
 * The sender's local transaction, run after its half message is stored. Return COMMIT only once the local
 * transaction has committed. Throwing (or returning null) counts as UNKNOWN: the coordinator then checks back.
 */
@FunctionalInterface
public interface LocalTransaction {

    TransactionState execute(HalfMessage message) throws Exception;
}
