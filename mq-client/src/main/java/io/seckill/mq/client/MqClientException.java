package io.seckill.mq.client;

/** A messaging operation of mq-client failed; the message says which and why. */
public class MqClientException extends RuntimeException {

    public MqClientException(String message, Throwable cause) {
        super(message, cause);
    }

    public MqClientException(String message) {
        super(message);
    }
}
