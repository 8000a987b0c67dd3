package io.seckill.inventory.domain;

import java.util.List;
import java.util.Map;
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

    /**
     * Writes the activity's hot state if it is absent, with {@code live} (the ledger's live reservations, whose
     * units are not part of {@code settings.stock()}) as its reservations and buyers; with {@code force}, replaces
     * a present state.
     */
    WarmUpOutcome warmUp(String activityId, SaleSettings settings, List<LiveReservation> live, boolean force);

    /** {@link #warmUp(String, SaleSettings, List, boolean)} with no live reservations: a sale that has not started. */
    default WarmUpOutcome warmUp(String activityId, SaleSettings settings, boolean force) {
        return warmUp(activityId, settings, List.of(), force);
    }

    /** The activity's reservation records, order id to user id (empty if none or not warm). */
    Map<String, String> reservations(String activityId);

    /** Adds the given reservations that the hot stock lacks, each taking one unit; see {@link RestoreOutcome}. */
    RestoreOutcome restore(String activityId, List<LiveReservation> reservations);

    /** The user holding a unit for the order, if any: what a check-back of the order's half message answers from. */
    Optional<String> reservationOwner(String activityId, String orderId);

    /** The activity's stock as one consistent reading, or empty if it is not warm. */
    Optional<StockLevels> stockLevels(String activityId);
}
