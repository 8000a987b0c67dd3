package io.seckill.inventory.domain;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.SeckillReserved;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a warm-up may rebuild from the ledger, and what it writes. Fakes for the stores; the real ones are in ITs. */
class StockWarmUpTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final RecordingHotStock hotStock = new RecordingHotStock();
    private final List<LiveReservation> live = new ArrayList<>();
    private boolean caughtUp;

    @Test
    void saleThatHasNotStartedIsWarmedWithoutAskingTheLedgersProgress() {
        Activity upcoming = activity(NOW.plusSeconds(60));
        caughtUp = false;

        warmUp(upcoming).warmUp(upcoming.id());

        assertThat(hotStock.warmed).containsExactly(new Warmed(new SaleSettings(10, upcoming.startsAt(),
                upcoming.endsAt(), 1), List.of()));
    }

    @Test
    void runningSaleIsNotRebuiltBeforeTheLedgerHasCaughtUp() {
        Activity running = activity(NOW.minusSeconds(60));
        caughtUp = false;

        assertThatThrownBy(() -> warmUp(running).warmUp(running.id()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
        assertThat(hotStock.warmed).isEmpty();
    }

    @Test
    void activityFoundWarmUnderTheLockIsLeftAloneWithoutAskingTheLedgersProgress() {
        Activity running = activity(NOW.minusSeconds(60));
        hotStock.warm = true;
        caughtUp = false;

        warmUp(running).warmUp(running.id());

        assertThat(hotStock.warmed).isEmpty();
    }

    @Test
    void runningSaleIsRebuiltWithTheLedgersLiveReservations() {
        Activity running = activity(NOW.minusSeconds(60));
        live.add(new LiveReservation("o1", "alice"));
        live.add(new LiveReservation("o2", "bob"));
        caughtUp = true;

        warmUp(running).warmUp(running.id());

        assertThat(hotStock.warmed).containsExactly(new Warmed(new SaleSettings(8, running.startsAt(),
                running.endsAt(), 1), List.copyOf(live)));
    }

    private StockWarmUp warmUp(Activity activity) {
        ActivityRepository activities = new ActivityRepository() {
            @Override
            public void insert(Activity created) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<Activity> findById(String id) {
                return Optional.of(activity).filter(a -> a.id().equals(id));
            }

            @Override
            public List<Activity> findUpcoming(Instant now, Instant startsBefore) {
                return List.of(activity);
            }
        };
        JobLocks locks = (name, maxWait, job) -> {
            job.run();
            return true;
        };
        StockLedger ledger = new StockLedger() {
            @Override
            public int record(List<SeckillReserved> reservations) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ReleaseRecord release(OrderCancelled cancellation) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<LiveReservation> liveReservations(String activityId) {
                return List.copyOf(live);
            }
        };
        return new StockWarmUp(activities, hotStock, locks, ledger, () -> caughtUp, CLOCK, Duration.ZERO);
    }

    private static Activity activity(Instant startsAt) {
        return new Activity("act-1", "t", "sku", 100, 10, 10, startsAt, startsAt.plus(Duration.ofHours(1)), 1,
                startsAt.minusSeconds(3600));
    }

    private record Warmed(SaleSettings settings, List<LiveReservation> live) {
    }

    /** Records warm-ups; every other operation is unused by StockWarmUp. */
    private static final class RecordingHotStock implements HotStock {
        final List<Warmed> warmed = new ArrayList<>();
        boolean warm;

        @Override
        public WarmUpOutcome warmUp(String activityId, SaleSettings settings, List<LiveReservation> reservations,
                                    boolean force) {
            warmed.add(new Warmed(settings, List.copyOf(reservations)));
            return WarmUpOutcome.WARMED;
        }

        @Override
        public ReservationOutcome reserve(StockReservation reservation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ReleaseOutcome release(String activityId, String orderId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> reservationOwner(String activityId, String orderId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StockLevels> stockLevels(String activityId) {
            return warm ? Optional.of(new StockLevels(10, 10, 0)) : Optional.empty();
        }

        @Override
        public Map<String, String> reservations(String activityId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RestoreOutcome restore(String activityId, List<LiveReservation> reservations) {
            throw new UnsupportedOperationException();
        }
    }
}
