package io.seckill.inventory.domain;

import io.seckill.common.id.Ids;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares each warm activity's hot stock with the durable ledger and repairs the drift a Redis restart leaves: a
 * reservation the ledger holds live but Redis lost (e.g. the last second of writes before a restart from an AOF) is
 * put back, taking its unit from the hot stock, so that the unit cannot be sold twice.
 *
 * <p>Runs only when the ledger has caught up with the published reservations ({@link LedgerProgress}); before that
 * the ledger lags Redis and the comparison means nothing. Reservations only Redis holds are reported: they are sales
 * whose message is still on its way (an undecided half message awaiting its check-back). One older than
 * {@code orphanAfter} (its age read from its order id, a time-ordered {@link Ids id}) is an orphan — its half message
 * was rolled back although the reservation was made, e.g. a reservation script that ran only after the check-back
 * had found nothing and answered ROLLBACK — and is released, freeing its unit and its buyer. Were its message to
 * appear after all (a coordinator down for longer than {@code orphanAfter}), the ledger would then hold it live and
 * a later round would restore it.
 *
 * <p>Race with a cancellation, which releases in MySQL first and in Redis second: Redis is read before MySQL, so a
 * reservation seen live in MySQL and missing in Redis was not released before the Redis read; one released while
 * the repair runs is found by reading the ledger again after the repair, and released again (release is
 * idempotent). Each activity is reconciled under its warm-up lock, so warm-ups and repairs never interleave.
 * Thread-safe.
 */
public final class StockReconciliation {

    private final ActivityRepository activities;
    private final HotStock hotStock;
    private final JobLocks locks;
    private final StockLedger ledger;
    private final LedgerProgress ledgerProgress;
    private final Clock clock;
    private final Duration afterEnd;
    private final Duration orphanAfter;

    /**
     * {@code afterEnd}: how long after its end an activity is still reconciled (cancellations keep coming);
     * {@code orphanAfter}: how old a reservation only Redis holds must be to be released as an orphan — longer than
     * a half message can stay undecided (check-max × check interval).
     */
    public StockReconciliation(ActivityRepository activities, HotStock hotStock, JobLocks locks, StockLedger ledger,
                               LedgerProgress ledgerProgress, Clock clock, Duration afterEnd, Duration orphanAfter) {
        this.activities = Objects.requireNonNull(activities, "activities");
        this.hotStock = Objects.requireNonNull(hotStock, "hotStock");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.ledgerProgress = Objects.requireNonNull(ledgerProgress, "ledgerProgress");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.afterEnd = Objects.requireNonNull(afterEnd, "afterEnd");
        this.orphanAfter = Objects.requireNonNull(orphanAfter, "orphanAfter");
    }

    /**
     * One drift report of an activity.
     *
     * @param activityId      the activity
     * @param restored        live ledger reservations put back into Redis
     * @param releasedAgain   restored reservations released again because their order was cancelled meanwhile
     * @param redisOnly       Redis reservations the ledger does not hold and that are not orphans yet (in flight)
     * @param orphans         Redis reservations the ledger does not hold, older than {@code orphanAfter}: released
     * @param noStockOrderIds live ledger reservations Redis had no unit left for (oversold in Redis: see the log)
     */
    public record Drift(String activityId, int restored, int releasedAgain, int redisOnly, int orphans,
                        List<String> noStockOrderIds) {

        /** Whether anything differed. */
        public boolean any() {
            return restored > 0 || redisOnly > 0 || orphans > 0 || !noStockOrderIds.isEmpty();
        }
    }

    /**
     * Reconciles every warm activity that has started and not ended more than {@code afterEnd} ago, skipping those
     * whose lock is held elsewhere.
     *
     * @return the reports; empty when the ledger has not caught up (nothing is compared then)
     */
    public List<Drift> reconcileRunningActivities() {
        if (!ledgerProgress.caughtUp()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Drift> reports = new ArrayList<>();
        for (Activity activity : activities.findUpcoming(now.minus(afterEnd), now)) {
            if (hotStock.stockLevels(activity.id()).isEmpty()) {
                continue; // cold: the warm-up rebuilds it whole from the ledger
            }
            locks.runExclusively(StockWarmUp.lockName(activity.id()), Duration.ZERO,
                    () -> reports.add(reconcile(activity.id())));
        }
        return reports;
    }

    /** Compares and repairs one activity; the caller holds its lock and knows the ledger has caught up. */
    Drift reconcile(String activityId) {
        Map<String, String> hot = hotStock.reservations(activityId);
        List<LiveReservation> live = ledger.liveReservations(activityId);
        Set<String> liveOrders = new HashSet<>();
        List<LiveReservation> missing = new ArrayList<>();
        for (LiveReservation reservation : live) {
            liveOrders.add(reservation.orderId());
            if (!hot.containsKey(reservation.orderId())) {
                missing.add(reservation);
            }
        }
        List<String> redisOnly = hot.keySet().stream().filter(order -> !liveOrders.contains(order)).toList();
        int orphans = releaseOrphans(activityId, redisOnly);
        RestoreOutcome restored = hotStock.restore(activityId, missing);
        int releasedAgain = restored.restored() > 0 ? releaseCancelledMeanwhile(activityId, missing) : 0;
        return new Drift(activityId, restored.restored(), releasedAgain, redisOnly.size() - orphans, orphans,
                restored.noStockOrderIds());
    }

    private int releaseOrphans(String activityId, List<String> redisOnly) {
        Instant orphanedBefore = clock.instant().minus(orphanAfter);
        int released = 0;
        for (String orderId : redisOnly) {
            boolean orphan = Ids.timestampOf(orderId).filter(made -> made.isBefore(orphanedBefore)).isPresent();
            if (orphan && hotStock.release(activityId, orderId) == ReleaseOutcome.RELEASED) {
                released++;
            }
        }
        return released;
    }

    private int releaseCancelledMeanwhile(String activityId, List<LiveReservation> restored) {
        Set<String> stillLive = new HashSet<>();
        ledger.liveReservations(activityId).forEach(reservation -> stillLive.add(reservation.orderId()));
        int released = 0;
        for (LiveReservation reservation : restored) {
            if (!stillLive.contains(reservation.orderId())
                    && hotStock.release(activityId, reservation.orderId()) == ReleaseOutcome.RELEASED) {
                released++;
            }
        }
        return released;
    }
}
