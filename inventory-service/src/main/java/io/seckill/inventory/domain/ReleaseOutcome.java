package io.seckill.inventory.domain;

/** The answer of giving a reserved unit back; releasing is idempotent, so a repeat answers {@link #NOT_RESERVED}. */
public enum ReleaseOutcome {
    /** The order held a unit; it is back in stock and the user's count went down by one. */
    RELEASED,
    /** No reservation for the order (never reserved, or already released): nothing changed. */
    NOT_RESERVED
}
