package io.seckill.inventory.domain;

/**
 * One consistent reading of an activity's hot stock.
 *
 * <p>While the hot state is intact, {@code initialStock == remaining + liveReservations} holds at every instant:
 * a reservation moves a unit from {@code remaining} to a reservation record, a release moves it back.
 *
 * @param initialStock     units the last warm-up put on sale
 * @param remaining        units not reserved
 * @param liveReservations reservation records (orders holding a unit)
 */
public record StockLevels(long initialStock, long remaining, long liveReservations) {
}
