package io.seckill.inventory.domain;

import io.seckill.common.event.OrderCancelled;

import java.util.Objects;

/**
 * A cancelled order gives its unit back (ARCHITECTURE.md: inventory-service consumes {@code order.cancelled}): first
 * to MySQL's ledger and remaining stock, then to the hot stock with its buyer freed, each exactly once.
 *
 * <p>Both steps are idempotent on their own (the ledger row's released mark, the Redis reservation record), so a
 * cancellation delivered again, or retried after a failure or a crash between the two steps, completes what is
 * missing and repeats nothing. MySQL goes first so that a reconciliation, which restores to Redis only what the
 * ledger holds live, never puts back a unit that is being released. Thread-safe.
 */
public final class OrderRelease {

    private final StockLedger ledger;
    private final HotStock hotStock;
    private final SoldOutFlags soldOut;

    public OrderRelease(StockLedger ledger, HotStock hotStock, SoldOutFlags soldOut) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.hotStock = Objects.requireNonNull(hotStock, "hotStock");
        this.soldOut = Objects.requireNonNull(soldOut, "soldOut");
    }

    /**
     * Releases the order's unit in both stores; a repeat changes nothing.
     *
     * @return what the hot stock did (NOT_RESERVED for a repeat, or when Redis lost the reservation: then a warm-up
     *         rebuilds the activity from the ledger, where the order is released already)
     * @throws LedgerInvariantViolation if the ledger refuses the release; nothing is changed then
     * @throws io.seckill.common.error.ServiceException {@code BUSY} if Redis is unavailable (MySQL may be done)
     */
    public ReleaseOutcome release(OrderCancelled cancellation) {
        ledger.release(cancellation);
        ReleaseOutcome outcome = hotStock.release(cancellation.activityId(), cancellation.orderId());
        if (outcome == ReleaseOutcome.RELEASED) {
            // A unit is back: this instance stops refusing the activity from memory at once.
            soldOut.clear(cancellation.activityId());
        }
        return outcome;
    }
}
