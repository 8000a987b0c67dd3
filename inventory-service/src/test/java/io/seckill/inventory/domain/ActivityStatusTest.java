package io.seckill.inventory.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivityStatusTest {

    private static final Instant STARTS = Instant.parse("2026-11-11T12:00:00Z");
    private static final Instant ENDS = Instant.parse("2026-11-11T13:00:00Z");

    private final Activity activity = new Activity("a1", "t", "sku", 100, 10, 10, STARTS, ENDS, 1, STARTS);

    @Test
    void activityIsScheduledUntilItsStart() {
        assertThat(activity.statusAt(STARTS.minusMillis(1), Optional.empty())).isEqualTo(ActivityStatus.SCHEDULED);
    }

    @Test
    void activityOpensAtItsStartInstant() {
        assertThat(activity.statusAt(STARTS, Optional.empty())).isEqualTo(ActivityStatus.OPEN);
    }

    @Test
    void activityHasEndedAtItsEndInstantEvenWithStockLeft() {
        assertThat(activity.statusAt(ENDS, Optional.of(new StockLevels(10, 3, 7)))).isEqualTo(ActivityStatus.ENDED);
    }

    @Test
    void warmHotStockDecidesSoldOutOverMySqlsCount() {
        assertThat(activity.statusAt(STARTS, Optional.of(new StockLevels(10, 0, 10))))
                .isEqualTo(ActivityStatus.SOLD_OUT);
        assertThat(activity.statusAt(STARTS, Optional.of(new StockLevels(10, 1, 9)))).isEqualTo(ActivityStatus.OPEN);
    }

    @Test
    void coldActivityIsSoldOutWhenMySqlHasNothingLeft() {
        Activity drained = new Activity("a1", "t", "sku", 100, 10, 0, STARTS, ENDS, 1, STARTS);

        assertThat(drained.statusAt(STARTS, Optional.empty())).isEqualTo(ActivityStatus.SOLD_OUT);
    }

    @Test
    void saleSettingsPutTheUnitsNotHeldByLiveReservationsOnSale() {
        Activity partlySold = new Activity("a1", "t", "sku", 100, 10, 4, STARTS, ENDS, 2, STARTS);

        assertThat(partlySold.saleSettings(6)).isEqualTo(new SaleSettings(4, STARTS, ENDS, 2));
        assertThat(partlySold.saleSettings(0)).isEqualTo(new SaleSettings(10, STARTS, ENDS, 2));
    }

    @Test
    void moreLiveReservationsThanStockIsAnInvariantViolation() {
        Activity activity = new Activity("a1", "t", "sku", 100, 10, 0, STARTS, ENDS, 1, STARTS);

        assertThatThrownBy(() -> activity.saleSettings(11)).isInstanceOf(LedgerInvariantViolation.class);
    }
}
