package io.seckill.payment.domain;

/**
 * The external payment provider. Charges and refunds are idempotent by {@link ProviderRequest#idempotencyKey()}: a
 * repeated key returns the first booking's receipt and books nothing. Implementations are thread-safe.
 */
public interface PaymentProvider {

    /**
     * Charges the customer once per key.
     *
     * @throws ProviderUnavailableException the outcome is unknown; retry with the same request
     */
    ProviderReceipt charge(ProviderRequest request);

    /**
     * Refunds a charge once per key.
     *
     * @throws ProviderUnavailableException the outcome is unknown; retry with the same request
     */
    ProviderReceipt refund(ProviderRequest request);
}
