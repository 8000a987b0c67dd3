package io.seckill.inventory.domain;

import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.SeckillReserved;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciliation's decisions, including its race with a cancellation, on in-memory stores. */
class StockReconciliationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Activity RUNNING = new Activity("act-1", "t", "sku", 100, 10, 7, NOW.minusSeconds(60),
            NOW.plusSeconds(3600), 1, NOW.minusSeconds(3600));

    private static final Duration ORPHAN_AFTER = Duration.ofMinutes(15);

    private final InMemoryHotStock hotStock = new InMemoryHotStock(10);
    private final List<LiveReservation> ledgerLive = new ArrayList<>();
    private boolean caughtUp = true;
    /** Runs right after the ledger's first read of a round, to stage a cancellation racing the repair. */
    private Runnable afterFirstLedgerRead = () -> { };

    @Test
    void reservationOnlyTheLedgerHoldsIsPutBackTakingItsUnit() {
        hotStock.reserve("o1", "alice");
        ledgerLive.addAll(List.of(new LiveReservation("o1", "alice"), new LiveReservation("o2", "bob")));

        StockReconciliation.Drift drift = reconciliation().reconcile(RUNNING.id());

        assertThat(drift.restored()).isEqualTo(1);
        assertThat(hotStock.reservations).containsOnlyKeys("o1", "o2");
        assertThat(hotStock.stock).isEqualTo(8);
    }

    @Test
    void reservationOnlyRedisHoldsIsReportedNotRemoved() {
        hotStock.reserve("o1", "alice");

        StockReconciliation.Drift drift = reconciliation().reconcile(RUNNING.id());

        assertThat(drift.redisOnly()).isEqualTo(1);
        assertThat(drift.restored()).isZero();
        assertThat(hotStock.reservations).containsOnlyKeys("o1");
    }

    @Test
    void reservationOnlyRedisHoldsIsReleasedAsAnOrphanOnceOlderThanAHalfMessageCanStayUndecided() {
        String orphan = idMadeAt(NOW.minus(ORPHAN_AFTER).minusSeconds(1));
        String inFlight = idMadeAt(NOW.minus(ORPHAN_AFTER).plusSeconds(1));
        hotStock.reserve(orphan, "alice");
        hotStock.reserve(inFlight, "bob");

        StockReconciliation.Drift drift = reconciliation().reconcile(RUNNING.id());

        assertThat(drift.orphans()).isEqualTo(1);
        assertThat(drift.redisOnly()).isEqualTo(1);
        assertThat(hotStock.reservations).containsOnlyKeys(inFlight);
        assertThat(hotStock.stock).isEqualTo(9);
    }

    @Test
    void orderCancelledWhileTheRepairRunsIsReleasedAgain() {
        ledgerLive.add(new LiveReservation("o2", "bob"));
        // The cancellation of o2 completes in MySQL (and finds nothing in Redis) between the reads and the restore.
        afterFirstLedgerRead = ledgerLive::clear;

        StockReconciliation.Drift drift = reconciliation().reconcile(RUNNING.id());

        assertThat(drift.restored()).isEqualTo(1);
        assertThat(drift.releasedAgain()).isEqualTo(1);
        assertThat(hotStock.reservations).isEmpty();
        assertThat(hotStock.stock).isEqualTo(10);
    }

    @Test
    void nothingIsComparedBeforeTheLedgerHasCaughtUp() {
        caughtUp = false;
        ledgerLive.add(new LiveReservation("o2", "bob"));

        assertThat(reconciliation().reconcileRunningActivities()).isEmpty();
        assertThat(hotStock.reservations).isEmpty();
    }

    private StockReconciliation reconciliation() {
        ActivityRepository activities = new ActivityRepository() {
            @Override
            public void insert(Activity activity) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<Activity> findById(String id) {
                return Optional.of(RUNNING);
            }

            @Override
            public List<Activity> findUpcoming(Instant now, Instant startsBefore) {
                return List.of(RUNNING);
            }
        };
        StockLedger ledger = new StockLedger() {
            private boolean firstRead = true;

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
                List<LiveReservation> read = List.copyOf(ledgerLive);
                if (firstRead) {
                    firstRead = false;
                    afterFirstLedgerRead.run();
                }
                return read;
            }
        };
        JobLocks locks = (name, maxWait, job) -> {
            job.run();
            return true;
        };
        return new StockReconciliation(activities, hotStock, locks, ledger, () -> caughtUp,
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1), ORPHAN_AFTER);
    }

    /** An id of {@code Ids}' format made at {@code instant}: its timestamp, then zero random bits. */
    private static String idMadeAt(Instant instant) {
        char[] alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
        char[] id = "00000000000000000000000000".toCharArray();
        long millis = instant.toEpochMilli();
        for (int i = 9; i >= 0; i--) {
            id[i] = alphabet[(int) (millis & 31)];
            millis >>>= 5;
        }
        return new String(id);
    }

    /** One activity's hot stock with the scripts' semantics (records, buyers and stock move together). */
    private static final class InMemoryHotStock implements HotStock {
        final Map<String, String> reservations = new LinkedHashMap<>();
        long stock;

        InMemoryHotStock(long stock) {
            this.stock = stock;
        }

        void reserve(String orderId, String userId) {
            reservations.put(orderId, userId);
            stock--;
        }

        @Override
        public ReservationOutcome reserve(StockReservation reservation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ReleaseOutcome release(String activityId, String orderId) {
            if (reservations.remove(orderId) == null) {
                return ReleaseOutcome.NOT_RESERVED;
            }
            stock++;
            return ReleaseOutcome.RELEASED;
        }

        @Override
        public WarmUpOutcome warmUp(String activityId, SaleSettings settings, List<LiveReservation> live,
                                    boolean force) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> reservationOwner(String activityId, String orderId) {
            return Optional.ofNullable(reservations.get(orderId));
        }

        @Override
        public Optional<StockLevels> stockLevels(String activityId) {
            return Optional.of(new StockLevels(stock + reservations.size(), stock, reservations.size()));
        }

        @Override
        public Map<String, String> reservations(String activityId) {
            return Map.copyOf(reservations);
        }

        @Override
        public RestoreOutcome restore(String activityId, List<LiveReservation> missing) {
            int restored = 0;
            int present = 0;
            List<String> noStock = new ArrayList<>();
            for (LiveReservation reservation : missing) {
                if (reservations.containsKey(reservation.orderId())) {
                    present++;
                } else if (stock <= 0) {
                    noStock.add(reservation.orderId());
                } else {
                    reserve(reservation.orderId(), reservation.userId());
                    restored++;
                }
            }
            return new RestoreOutcome(restored, present, noStock);
        }
    }
}
