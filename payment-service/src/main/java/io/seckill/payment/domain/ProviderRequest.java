package io.seckill.payment.domain;

import java.util.Objects;

/**
 * One charge or refund as sent to the payment provider.
 *
 * @param idempotencyKey the provider books at most one charge (and one refund) per key: the payment id
 * @param orderId        the merchant's reference shown in the provider's books
 * @param amountCents    the amount; not negative
 */
public record ProviderRequest(String idempotencyKey, String orderId, long amountCents) {

    public ProviderRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(orderId, "orderId");
        if (amountCents < 0) {
            throw new IllegalArgumentException("amountCents must not be negative: " + amountCents);
        }
    }

    /** The request that charges or refunds {@code payment}. */
    public static ProviderRequest of(Payment payment) {
        return new ProviderRequest(payment.id(), payment.orderId(), payment.amountCents());
    }
}
