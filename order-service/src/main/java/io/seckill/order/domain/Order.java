package io.seckill.order.domain;

import io.seckill.common.event.SeckillReserved;

import java.time.Instant;
import java.util.Objects;

/**
 * One order as stored: immutable; a transition makes a new value with the next {@link #version()}.
 *
 * <p>Invariants: ids are non-blank and fit their columns; {@code paidAt} and {@code paymentId} are set exactly when
 * PAID, {@code cancelledAt} exactly when CANCELLED.
 *
 * @param orderId     the order (the seckill reservation's id)
 * @param activityId  the seckill activity the unit belongs to
 * @param userId      the buyer, who alone may read the order
 * @param amountCents what the buyer pays, the activity's price at the reservation
 * @param status      where the order stands
 * @param version     incremented by every transition; guards transitions against concurrent ones
 * @param createdAt   when this service created the order
 * @param paidAt      when the payment was confirmed, if PAID
 * @param cancelledAt when the order was cancelled, if CANCELLED
 * @param paymentId   the payment that paid the order, if PAID
 */
public record Order(String orderId, String activityId, String userId, long amountCents, OrderStatus status,
                    int version, Instant createdAt, Instant paidAt, Instant cancelledAt, String paymentId) {

    /** Longest order, activity and payment id the store holds. */
    public static final int MAX_ID_LENGTH = 64;
    /** Longest user id the store holds. */
    public static final int MAX_USER_ID_LENGTH = 200;

    public Order {
        requireId("orderId", orderId, MAX_ID_LENGTH);
        requireId("activityId", activityId, MAX_ID_LENGTH);
        requireId("userId", userId, MAX_USER_ID_LENGTH);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        if (amountCents < 0) {
            throw new IllegalArgumentException("amountCents must not be negative: " + amountCents);
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        boolean paid = status == OrderStatus.PAID;
        if (paid != (paidAt != null) || paid != (paymentId != null)) {
            throw new IllegalArgumentException("paidAt and paymentId are set exactly when PAID: " + orderId);
        }
        if ((status == OrderStatus.CANCELLED) != (cancelledAt != null)) {
            throw new IllegalArgumentException("cancelledAt is set exactly when CANCELLED: " + orderId);
        }
    }

    /** The new, unpaid order of a reservation, for its price. */
    public static Order placed(SeckillReserved reservation, Instant createdAt) {
        return new Order(reservation.orderId(), reservation.activityId(), reservation.userId(),
                reservation.priceCents(), OrderStatus.PENDING_PAYMENT, 0, createdAt, null, null, null);
    }

    /**
     * Rejects an id the store cannot hold exactly: null, blank or longer than {@code maxLength}.
     *
     * @throws IllegalArgumentException (NullPointerException for null) naming {@code name}
     */
    public static String requireId(String name, String value, int maxLength) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > maxLength) {
            throw new IllegalArgumentException(name + " must be 1-" + maxLength + " characters, not blank: '"
                    + value + "'");
        }
        return value;
    }
}
