package io.seckill.system.harness;

/** order-service's {@code GET /api/admin/activities/{id}/orders/summary}; all zero before the first order. */
public record OrderSummary(long pendingPayment, long paid, long cancelled, long distinctBuyers, long maxPerBuyer) {

    /** What the summary of an activity without orders says. */
    public static final OrderSummary EMPTY = new OrderSummary(0, 0, 0, 0, 0);

    /** Orders in any state. */
    public long total() {
        return pendingPayment + paid + cancelled;
    }

    /** Orders that still hold a unit: pending or paid. */
    public long notCancelled() {
        return pendingPayment + paid;
    }
}
