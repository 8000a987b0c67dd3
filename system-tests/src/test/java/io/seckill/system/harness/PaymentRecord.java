package io.seckill.system.harness;

/**
 * payment-service's {@code GET /api/admin/payments?orderId=}: an order's payment and what the simulated provider
 * booked for it; status ∈ PENDING, SUCCEEDED, REFUNDED.
 */
public record PaymentRecord(String paymentId, String orderId, String userId, String status, long amountCents,
                            long providerCharges, long providerRefunds) {

    /** Charged exactly once and never refunded. */
    public boolean chargedOnce() {
        return "SUCCEEDED".equals(status) && providerCharges == 1 && providerRefunds == 0;
    }

    /** Charged exactly once and refunded exactly once. */
    public boolean refundedOnce() {
        return "REFUNDED".equals(status) && providerCharges == 1 && providerRefunds == 1;
    }
}
