package io.seckill.system.harness;

import java.time.Instant;

/** An order as its owner reads it ({@code GET /api/orders/{id}}); status ∈ PENDING_PAYMENT, PAID, CANCELLED. */
public record OrderView(String orderId, String activityId, String userId, String status, long amountCents,
                        Instant createdAt, Instant paidAt, Instant cancelledAt) {

    public static final String PENDING_PAYMENT = "PENDING_PAYMENT";
    public static final String PAID = "PAID";
    public static final String CANCELLED = "CANCELLED";

    public boolean isFinal() {
        return PAID.equals(status) || CANCELLED.equals(status);
    }
}
