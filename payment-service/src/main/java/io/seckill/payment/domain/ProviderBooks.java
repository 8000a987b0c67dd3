package io.seckill.payment.domain;

/**
 * The payment provider's books as the merchant can read them (the simulated provider's own table; a real provider's
 * reporting API): the evidence that an order was charged, and refunded, at most once. Thread-safe.
 */
public interface ProviderBooks {

    /** How many charges and refunds the provider booked for {@code orderId}. */
    BookedCounts bookedFor(String orderId);

    /**
     * @param charges charges booked for the order (1 for a paid order, never more)
     * @param refunds refunds booked for the order
     */
    record BookedCounts(long charges, long refunds) {
    }
}
