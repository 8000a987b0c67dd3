package io.seckill.inventory.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A seckill activity as MySQL records it: what is sold, at which price, how many units, when and how many per user.
 *
 * <p>{@code remaining} is MySQL's count of units not yet deducted ({@code 0 <= remaining <= stock}); it equals
 * {@code stock} at creation and goes down as reservations are recorded. The window is half-open:
 * {@code [startsAt, endsAt)}.
 *
 * @param id           the activity id
 * @param title        shown to buyers
 * @param skuId        the product sold
 * @param priceCents   price of one unit in cents, at least 0
 * @param stock        units put on sale, at least 1
 * @param remaining    units MySQL has not deducted
 * @param startsAt     first instant of the sale
 * @param endsAt       first instant after the sale
 * @param perUserLimit most units one user may hold
 * @param createdAt    when the activity was created
 */
public record Activity(String id, String title, String skuId, long priceCents, long stock, long remaining,
                       Instant startsAt, Instant endsAt, int perUserLimit, Instant createdAt) {

    public Activity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
    }

    /**
     * The status at {@code now}: the window decides SCHEDULED and ENDED; inside it, the units left decide OPEN or
     * SOLD_OUT, read from the hot stock when it is warm (it leads MySQL during a sale) and from MySQL otherwise.
     */
    public ActivityStatus statusAt(Instant now, Optional<StockLevels> hotStock) {
        if (now.isBefore(startsAt)) {
            return ActivityStatus.SCHEDULED;
        }
        if (!now.isBefore(endsAt)) {
            return ActivityStatus.ENDED;
        }
        long unitsLeft = hotStock.map(StockLevels::remaining).orElse(remaining);
        return unitsLeft > 0 ? ActivityStatus.OPEN : ActivityStatus.SOLD_OUT;
    }

    /**
     * What a warm-up puts on sale in the hot stock: the units not held by the {@code liveReservations} the ledger
     * knows, in the activity's window. Derived from the ledger rather than read from {@code remaining}, so that the
     * stock and the reservations written with it come from one reading and always add up to {@code stock}.
     */
    public SaleSettings saleSettings(int liveReservations) {
        if (liveReservations > stock) {
            throw new LedgerInvariantViolation("activity " + id + " has " + liveReservations
                    + " live reservations for a stock of " + stock);
        }
        return new SaleSettings(stock - liveReservations, startsAt, endsAt, perUserLimit);
    }
}
