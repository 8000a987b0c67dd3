package io.seckill.common.messaging;

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

    private Topics() {
    }
}
