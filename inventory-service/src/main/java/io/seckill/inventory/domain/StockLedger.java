package io.seckill.inventory.domain;

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
}
