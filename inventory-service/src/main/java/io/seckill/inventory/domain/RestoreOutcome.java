package io.seckill.inventory.domain;

import java.util.List;

/**
 * What putting ledger reservations back into the hot stock did.
 *
 * @param restored        reservations added (one unit each moved from the stock)
 * @param alreadyPresent  reservations Redis still had (nothing changed for them)
 * @param noStockOrderIds orders that found no unit left: the hot stock had sold their units to others
 */
public record RestoreOutcome(int restored, int alreadyPresent, List<String> noStockOrderIds) {

    public RestoreOutcome {
        noStockOrderIds = List.copyOf(noStockOrderIds);
    }
}
