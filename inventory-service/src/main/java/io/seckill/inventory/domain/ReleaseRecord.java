package io.seckill.inventory.domain;

/** What the ledger did with a cancelled order's unit; recording a release is idempotent. */
public enum ReleaseRecord {
    /** The order's row was live: it is released now and its unit is back in MySQL's remaining stock. */
    RESTORED,
    /** The cancellation overtook the reservation's ledger entry: a released row now stands for it, nothing moved. */
    RECORDED_BEFORE_RESERVATION,
    /** The order was released before: nothing changed. */
    ALREADY_RELEASED
}
