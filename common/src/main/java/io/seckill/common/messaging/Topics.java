package io.seckill.common.messaging;

import java.util.List;

/**
 * The one place that spells the business topics the services exchange (ARCHITECTURE.md, "Request path of a
 * seckill"). mq-client's internal topics ({@code __mq_*}) are spelled in {@code io.seckill.mq.client.MqContract}.
 *
 * <p>Messages of one order carry the order id as key, so that they stay in order on one partition.
 */
public final class Topics {

    /**
     * A unit was reserved for an order in the hot stock: value {@link io.seckill.common.event.SeckillReserved}
     * (JSON), key the order id. Sent by inventory-service as a half message whose local transaction is the
     * reservation, so it is visible if and only if the unit was taken.
     */
    public static final String SECKILL_RESERVED = "seckill.reserved";

    /**
     * Inventory-service instances tell each other that an activity sold out: value
     * {@link io.seckill.common.event.ActivitySoldOut} (JSON), key the activity id. Every instance reads it with its
     * own group and sets its in-memory sold-out flag, so a crowd is refused from memory on every instance, not only
     * on the one that sold the last unit. Losing one only costs a Redis call.
     */
    public static final String SECKILL_SOLD_OUT = "seckill.sold-out";

    /**
     * An unpaid order's payment deadline: value {@link io.seckill.common.event.OrderPaymentTimeout}, key the order
     * id. Sent by order-service as a transactional delayed half message whose local transaction is the order
     * insert; delivered when the deadline is due.
     */
    public static final String ORDER_PAYMENT_TIMEOUT = "order.payment-timeout";

    /**
     * An order was cancelled (unpaid at its deadline): value {@link io.seckill.common.event.OrderCancelled}, key the
     * order id. A half message whose local transaction is the guarded PENDING_PAYMENT → CANCELLED transition;
     * inventory-service gives the unit back and frees the buyer.
     */
    public static final String ORDER_CANCELLED = "order.cancelled";

    /**
     * A payment was charged: value {@link io.seckill.common.event.PaymentSucceeded}, key the order id. A half message
     * whose local transaction is the payment insert; order-service marks the order PAID (or asks for a refund).
     */
    public static final String PAYMENT_SUCCEEDED = "payment.succeeded";

    /**
     * A payment arrived for an order that was already cancelled: value
     * {@link io.seckill.common.event.PaymentRefundRequested}, key the order id; payment-service refunds it.
     */
    public static final String PAYMENT_REFUND_REQUESTED = "payment.refund-requested";

    /** Every business topic, for operators and tests that create them up front. */
    public static final List<String> ALL = List.of(SECKILL_RESERVED, SECKILL_SOLD_OUT,
            ORDER_PAYMENT_TIMEOUT, ORDER_CANCELLED, PAYMENT_SUCCEEDED, PAYMENT_REFUND_REQUESTED);

    private Topics() {
    }
}
