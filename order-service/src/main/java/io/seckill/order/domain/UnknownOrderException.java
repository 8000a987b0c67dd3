package io.seckill.order.domain;

/**
 * An event names an order this service does not have. Consumers retry it for a while (the order may lag behind, see
 * {@link OrderLifecycle}) and then skip it with an error log.
 */
public final class UnknownOrderException extends RuntimeException {

    private final String orderId;

    public UnknownOrderException(String orderId, String event) {
        super(event + " names unknown order " + orderId);
        this.orderId = orderId;
    }

    /** The order that was not found. */
    public String orderId() {
        return orderId;
    }
}
