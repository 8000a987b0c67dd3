package io.seckill.inventory.domain;

/** Where an activity stands for a buyer at one instant; the names are the API's {@code status} values. */
public enum ActivityStatus {
    /** The sale window has not opened yet. */
    SCHEDULED,
    /** The window is open and units are left. */
    OPEN,
    /** The window is open and no unit is left. */
    SOLD_OUT,
    /** The window has closed (whatever stock is left). */
    ENDED
}
