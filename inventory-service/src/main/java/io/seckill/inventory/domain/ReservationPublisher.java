package io.seckill.inventory.domain;

import io.seckill.common.error.ServiceException;
import io.seckill.common.event.SeckillReserved;

/**
 * Takes a unit in the hot stock and announces it, atomically from the outside: {@code event} becomes visible to
 * consumers if and only if the reservation is made (a transactional half message whose local transaction is
 * {@link HotStock#reserve}). Implementations are thread-safe.
 */
public interface ReservationPublisher {

    /**
     * Reserves and, on {@link ReservationOutcome#RESERVED}, publishes {@code event}; any other outcome publishes
     * nothing.
     *
     * @throws ServiceException {@code BUSY} when the broker or Redis failed; if the reservation may have been made,
     *                          the broker's check-back settles whether the event is published
     */
    ReservationOutcome reserveAndPublish(StockReservation reservation, SeckillReserved event);
}
