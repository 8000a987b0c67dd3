package io.seckill.order.domain;

/**
 * The orders of one activity, for the consistency check: counts by status, and the buyers of the orders that still
 * hold a unit (not CANCELLED). All zero for an activity without orders.
 *
 * @param pendingPayment orders waiting for their payment
 * @param paid           paid orders
 * @param cancelled      cancelled orders
 * @param distinctBuyers users holding at least one order that is not cancelled
 * @param maxPerBuyer    the most orders that are not cancelled any one user holds
 */
public record OrderSummary(long pendingPayment, long paid, long cancelled, long distinctBuyers, long maxPerBuyer) {
}
