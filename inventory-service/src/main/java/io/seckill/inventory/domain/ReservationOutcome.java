package io.seckill.inventory.domain;

/**
 * The answer of one attempt to reserve a seckill unit; the names double as the API's problem {@code code}s.
 *
 * <p>Exactly one outcome, {@link #RESERVED}, changed anything: the others leave stock, buyers and reservations as
 * they were, so the half message of the attempt can be rolled back without compensation.
 */
public enum ReservationOutcome {
    /** A unit was taken for the order (or had already been taken for this very order and user). */
    RESERVED,
    /** The sale is open but no unit is left. */
    SOLD_OUT,
    /** The user already holds {@code perUserLimit} units of this activity. */
    ALREADY_PURCHASED,
    /** The sale window has not opened yet. */
    NOT_STARTED,
    /** The sale window has closed. */
    ENDED,
    /** The activity's keys are not in Redis: it was never warmed up (or its keys were lost). */
    NOT_WARMED
}
