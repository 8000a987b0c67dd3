package io.seckill.inventory.domain;

import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.SeckillReserved;

import java.util.List;

/**
 * The durable record of stock deductions (MySQL): one entry per reserved order, and an activity's {@code remaining}
 * goes down by one unit per entry, exactly once however often a reservation is delivered. Implementations are
 * thread-safe.
 */
public interface StockLedger {

    /**
     * Records the reservations not recorded yet and deducts their units from their activities, all or nothing.
     *
     * @return how many reservations were new (the rest were already recorded and changed nothing)
     * @throws LedgerInvariantViolation if an activity has fewer units remaining than its new reservations (or does
     *                                  not exist); nothing is recorded then
     */
    int record(List<SeckillReserved> reservations);

    /**
     * Gives the cancelled order's unit back to the activity's remaining stock, exactly once however often the
     * cancellation is delivered.
     *
     * @throws LedgerInvariantViolation if the order belongs to another activity, or the unit would exceed the stock
     */
    ReleaseRecord release(OrderCancelled cancellation);

    /** The activity's live reservations: reserved and not released. */
    List<LiveReservation> liveReservations(String activityId);
}
