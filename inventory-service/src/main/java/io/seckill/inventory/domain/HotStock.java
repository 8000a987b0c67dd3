package io.seckill.inventory.domain;

import java.util.Optional;

/**
 * The seckill's hot stock: the fast, atomic record of who holds which unit while a sale runs.
 *
 * <p>Every operation is atomic per activity; implementations are thread-safe and shared by all requests.
 * The durable record (MySQL) follows asynchronously and is reconciled elsewhere.
 */
public interface HotStock {

    /**
     * Tries to take one unit: the sale window is open, the user is under the limit and stock is left, or nothing
     * changes. Repeating a reservation for the same order and user answers {@link ReservationOutcome#RESERVED}
     * again without taking a second unit, so a retried attempt is safe.
     */
    ReservationOutcome reserve(StockReservation reservation);

    /** Gives the order's unit back (order cancelled); a second release of the same order changes nothing. */
    ReleaseOutcome release(String activityId, String orderId);

    /** Writes the activity's hot state if it is absent; with {@code force}, replaces a live one and its buyers. */
    WarmUpOutcome warmUp(String activityId, SaleSettings settings, boolean force);

    /** The user holding a unit for the order, if any: what a check-back of the order's half message answers from. */
    Optional<String> reservationOwner(String activityId, String orderId);

    /** The activity's stock as one consistent reading, or empty if it is not warm. */
    Optional<StockLevels> stockLevels(String activityId);
}
