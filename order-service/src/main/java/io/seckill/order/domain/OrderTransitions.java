package io.seckill.order.domain;

import java.time.Instant;

/**
 * The durable writes of the order life, each atomic with the message that announces it (half messages). A
 * transition is applied only if the stored order still has the status and version of {@code current} (optimistic
 * concurrency); {@code false} then means "changed meanwhile, read again". Implementations are thread-safe.
 */
public interface OrderTransitions {

    /**
     * Stores the new {@code order} together with its payment deadline, delivered at {@code paymentDueAt}: both or
     * neither.
     *
     * @return false if the order existed already (nothing stored, no deadline sent)
     */
    boolean create(Order order, Instant paymentDueAt);

    /** Replaces {@code current} by {@code paid} if unchanged; returns whether it did. */
    boolean pay(Order current, Order paid);

    /** Replaces {@code current} by {@code cancelled} if unchanged, announcing the cancellation; returns whether it did. */
    boolean cancel(Order current, Order cancelled);

    /**
     * Records {@code refund} and announces it, unless a refund of the same payment was requested before.
     *
     * @return whether this call requested it
     */
    boolean requestRefund(RefundRequest refund);
}
