package io.seckill.mq.client.txn;

import io.seckill.mq.client.TransactionState;

/**
 * What happened to one transactional message.
 *
 * @param messageId     the id the delivered message will carry
 * @param transactionId the business transaction id
 * @param state         the local transaction's outcome as reported to the coordinator
 * @param halfPartition the partition of the half topic holding the half message
 * @param halfOffset    its offset there
 */
public record TransactionSendResult(String messageId, String transactionId, TransactionState state,
                                    int halfPartition, long halfOffset) {
}
