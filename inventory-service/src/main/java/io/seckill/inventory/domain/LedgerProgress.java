package io.seckill.inventory.domain;

/**
 * How far the MySQL ledger has followed the reservations: a running sale's hot state may only be rebuilt from the
 * ledger once the ledger holds every reservation published so far, or units sold just before Redis lost them would
 * be sold again.
 */
public interface LedgerProgress {

    /**
     * Whether every {@code seckill.reserved} message visible now has been recorded by the ledger.
     *
     * @throws io.seckill.common.error.ServiceException {@code BUSY} if the broker cannot tell
     */
    boolean caughtUp();
}
