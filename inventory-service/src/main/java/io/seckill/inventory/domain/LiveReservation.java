package io.seckill.inventory.domain;

import java.util.Objects;

/**
 * An order holding a unit of an activity, as the durable ledger knows it (reserved and not released): what a warm-up
 * puts back into the hot stock after Redis lost it.
 *
 * @param orderId the order
 * @param userId  its buyer
 */
public record LiveReservation(String orderId, String userId) {

    public LiveReservation {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
    }
}
