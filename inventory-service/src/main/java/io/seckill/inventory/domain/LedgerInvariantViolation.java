package io.seckill.inventory.domain;

/**
 * The ledger was asked to deduct more units than an activity has remaining: the hot stock sold more than MySQL
 * holds, or a reservation names an activity MySQL does not know. Never expected; the deduction is refused whole.
 */
public final class LedgerInvariantViolation extends RuntimeException {

    public LedgerInvariantViolation(String message) {
        super(message);
    }
}
