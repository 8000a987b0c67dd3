package io.seckill.payment.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A payment of one order (at most one per order): its id is also the idempotency key of its charge and refund at the
 * provider, so however often either is tried, the customer is charged and refunded at most once.
 *
 * @param id              the payment id (an {@link io.seckill.common.id.Ids} id)
 * @param orderId         the order paid; unique among payments
 * @param userId          the order's owner, who pays
 * @param amountCents     the order's amount; not negative
 * @param status          where the payment is in its life
 * @param chargeReference the provider's reference of the charge; null while pending
 * @param claimedUntil    while pending: until when a request holds the right to charge it (null = nobody)
 * @param createdAt       when it was inserted
 * @param paidAt          when the provider confirmed the charge; null while pending
 * @param refundedAt      when the provider confirmed the refund; null unless refunded
 */
public record Payment(String id, String orderId, String userId, long amountCents, PaymentStatus status,
                      String chargeReference, Instant claimedUntil, Instant createdAt, Instant paidAt,
                      Instant refundedAt) {

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        if (amountCents < 0) {
            throw new IllegalArgumentException("amountCents must not be negative: " + amountCents);
        }
    }

    /** A new pending payment of {@code order}, claimed by its inserter until {@code claimedUntil}. */
    public static Payment pending(String id, OrderSnapshot order, Instant now, Instant claimedUntil) {
        return new Payment(id, order.orderId(), order.userId(), order.amountCents(), PaymentStatus.PENDING, null,
                claimedUntil, now, null, null);
    }

    /** Whether some request holds the right to charge this pending payment at {@code now}. */
    public boolean isClaimedAt(Instant now) {
        return status == PaymentStatus.PENDING && claimedUntil != null && claimedUntil.isAfter(now);
    }
}
