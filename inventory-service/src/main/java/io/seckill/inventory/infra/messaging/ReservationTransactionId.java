package io.seckill.inventory.infra.messaging;

import io.seckill.inventory.domain.StockReservation;

import java.util.Objects;
import java.util.Optional;

/**
 * The transaction id of a {@code seckill.reserved} half message, {@code activityId:orderId}: everything a
 * check-back needs to find the reservation, without parsing the message value.
 *
 * <p>Order ids never contain {@code ':'} (they are {@link io.seckill.common.id.Ids}), so the last colon separates
 * the two even if an activity id had one.
 *
 * @param activityId the activity whose hot stock holds the reservation
 * @param orderId    the order the unit is reserved for
 */
public record ReservationTransactionId(String activityId, String orderId) {

    private static final char SEPARATOR = ':';

    public ReservationTransactionId {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(orderId, "orderId");
    }

    /** The id of the half message announcing {@code reservation}. */
    public static ReservationTransactionId of(StockReservation reservation) {
        return new ReservationTransactionId(reservation.activityId(), reservation.orderId());
    }

    /** The id spelled in {@code text}, or empty if it is not {@code activityId:orderId} with both non-empty. */
    public static Optional<ReservationTransactionId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int separator = text.lastIndexOf(SEPARATOR);
        if (separator <= 0 || separator == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new ReservationTransactionId(text.substring(0, separator), text.substring(separator + 1)));
    }

    /** The text form carried by the half message. */
    public String format() {
        return activityId + SEPARATOR + orderId;
    }
}
