package io.seckill.inventory.domain;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Loads activities' hot stock from MySQL before their sale opens: on an admin's request and, periodically, for every
 * activity starting within the lead time.
 *
 * <p>Every warm-up of an activity runs under that activity's job lock and never forces: hot state that is already
 * there (with its live reservations) is kept, so repeated, concurrent or late warm-ups are harmless.
 *
 * <p>A warm-up writes the ledger's live reservations and their buyers together with the stock they leave. Before a
 * sale there are none; when Redis lost a running sale, they are the orders still holding units, so that nobody buys
 * a unit twice or exceeds the per-user limit afterwards. Such a rebuild waits until the ledger has recorded every
 * published reservation ({@link LedgerProgress}); until then the sale answers {@code BUSY}.
 */
public final class StockWarmUp {

    private static final Logger log = LoggerFactory.getLogger(StockWarmUp.class);

    private final ActivityRepository activities;
    private final HotStock hotStock;
    private final JobLocks locks;
    private final StockLedger ledger;
    private final LedgerProgress ledgerProgress;
    private final Clock clock;
    private final Duration lockWait;

    /** {@code lockWait}: how long an admin's warm-up waits for a warm-up of the same activity elsewhere. */
    public StockWarmUp(ActivityRepository activities, HotStock hotStock, JobLocks locks, StockLedger ledger,
                       LedgerProgress ledgerProgress, Clock clock, Duration lockWait) {
        this.activities = Objects.requireNonNull(activities, "activities");
        this.hotStock = Objects.requireNonNull(hotStock, "hotStock");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.ledgerProgress = Objects.requireNonNull(ledgerProgress, "ledgerProgress");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
    }

    /** The name of an activity's warm-up lock. */
    public static String lockName(String activityId) {
        return "warm-up:" + activityId;
    }

    /**
     * Warms one activity now (an admin's request).
     *
     * @throws ServiceException {@code NOT_FOUND}; {@code BUSY} if another warm-up held the lock all the wait, or
     *                          the sale has started and the ledger has not caught up yet
     */
    public void warmUp(String activityId) {
        Activity activity = activities.findById(activityId)
                .orElseThrow(() -> ServiceException.notFound("activity", activityId));
        boolean ran = locks.runExclusively(lockName(activityId), lockWait, () -> warm(activity));
        if (!ran) {
            throw new ServiceException(ErrorCode.BUSY, "a warm-up of activity " + activityId + " is running");
        }
    }

    /**
     * Warms every cold activity that starts within {@code leadTime} and has not ended; an activity whose lock is
     * held elsewhere is left to that holder.
     *
     * @return how many activities this call warmed
     */
    public int warmUpStartingWithin(Duration leadTime) {
        Instant now = clock.instant();
        int warmed = 0;
        for (Activity activity : activities.findUpcoming(now, now.plus(leadTime))) {
            if (hotStock.stockLevels(activity.id()).isPresent()) {
                continue;
            }
            try {
                if (locks.runExclusively(lockName(activity.id()), Duration.ZERO, () -> warm(activity))) {
                    warmed++;
                }
            } catch (ServiceException e) {
                log.info("activity {} not warmed this round: {}", activity.id(), e.getMessage());
            }
        }
        return warmed;
    }

    /**
     * Runs under the activity's lock. A sale that has started may hold reservations only the ledger still knows.
     * Already warm (another caller of a crowd that found it cold got the lock first): nothing to do, and the broker
     * is not asked about the ledger once per waiting request.
     */
    private void warm(Activity activity) {
        if (hotStock.stockLevels(activity.id()).isPresent()) {
            return;
        }
        boolean started = !clock.instant().isBefore(activity.startsAt());
        if (started && !ledgerProgress.caughtUp()) {
            throw new ServiceException(ErrorCode.BUSY, "the stock of activity " + activity.id()
                    + " is rebuilt once the ledger has caught up; retry");
        }
        List<LiveReservation> live = ledger.liveReservations(activity.id());
        hotStock.warmUp(activity.id(), activity.saleSettings(live.size()), live, false);
    }
}
