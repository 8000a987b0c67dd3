package io.seckill.inventory.domain;

/** What a warm-up did to an activity's hot state. */
public enum WarmUpOutcome {
    /** The activity had no hot state; it now has the given settings, no buyers and no reservations. */
    WARMED,
    /** The activity was already warm and the warm-up was not forced: live stock, buyers and reservations kept. */
    KEPT,
    /** A forced warm-up discarded the previous hot state (stock, buyers, reservations) and wrote the settings. */
    REPLACED
}
