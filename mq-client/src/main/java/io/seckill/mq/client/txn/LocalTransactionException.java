package io.seckill.mq.client.txn;

import io.seckill.mq.client.MqClientException;

/**
 * The local transaction threw. Its half message stays undecided and the coordinator checks back with the
 * producer group, whose {@link TransactionChecker} answers from local state.
 */
public final class LocalTransactionException extends MqClientException {

    private final String messageId;

    public LocalTransactionException(String messageId, Throwable cause) {
        super("local transaction of message " + messageId + " failed; it is left to check-back: " + cause.getMessage(), cause);
        this.messageId = messageId;
    }

    public String messageId() {
        return messageId;
    }
}
