package io.seckill.payment.infra.provider;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the simulated provider's books.
 *
 * @param kind           charge or refund
 * @param idempotencyKey the caller's key; at most one booking per kind and key
 * @param reference      the provider's id of the booking
 * @param orderId        the merchant's reference
 * @param amountCents    the amount booked
 * @param bookedAt       when it was booked
 */
public record ProviderBooking(Kind kind, String idempotencyKey, String reference, String orderId, long amountCents,
                              Instant bookedAt) {

    public ProviderBooking {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(bookedAt, "bookedAt");
    }

    /** What a booking does to the customer's money. */
    public enum Kind {
        CHARGE, REFUND
    }
}
