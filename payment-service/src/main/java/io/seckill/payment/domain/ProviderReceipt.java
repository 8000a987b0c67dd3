package io.seckill.payment.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The provider's confirmation of a booked charge or refund; the same for every call with the same idempotency key.
 *
 * @param reference the provider's id of the booking
 * @param bookedAt  when the provider booked it
 */
public record ProviderReceipt(String reference, Instant bookedAt) {

    public ProviderReceipt {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(bookedAt, "bookedAt");
    }
}
