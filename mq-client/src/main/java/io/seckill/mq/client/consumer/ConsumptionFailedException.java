package io.seckill.mq.client.consumer;

/**
 * A checked failure while consuming a message once (from the database or the work), after its transaction was rolled
 * back: the message counts as not consumed, so a redelivery processes it again.
 */
public final class ConsumptionFailedException extends RuntimeException {

    private final String consumerGroup;
    private final String messageId;

    public ConsumptionFailedException(String consumerGroup, String messageId, Throwable cause) {
        super("consuming message " + messageId + " in group " + consumerGroup + " failed: " + cause, cause);
        this.consumerGroup = consumerGroup;
        this.messageId = messageId;
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public String messageId() {
        return messageId;
    }
}
