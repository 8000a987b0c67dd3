package io.seckill.inventory.domain;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Loads activities' hot stock from MySQL before their sale opens: on an admin's request and, periodically, for every
 * activity starting within the lead time.
 *
 * <p>Every warm-up of an activity runs under that activity's job lock and never forces: hot state that is already
 * there (with its live reservations) is kept, so repeated, concurrent or late warm-ups are harmless.
 */
public final class StockWarmUp {

    private final ActivityRepository activities;
    private final HotStock hotStock;
    private final JobLocks locks;
    private final Clock clock;
    private final Duration lockWait;

    /** {@code lockWait}: how long an admin's warm-up waits for a warm-up of the same activity elsewhere. */
    public StockWarmUp(ActivityRepository activities, HotStock hotStock, JobLocks locks, Clock clock,
                       Duration lockWait) {
        this.activities = Objects.requireNonNull(activities, "activities");
        this.hotStock = Objects.requireNonNull(hotStock, "hotStock");
        this.locks = Objects.requireNonNull(locks, "locks");
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
     * @throws ServiceException {@code NOT_FOUND}; {@code BUSY} if another warm-up held the lock all the wait
     */
    public void warmUp(String activityId) {
        Activity activity = activities.findById(activityId)
                .orElseThrow(() -> ServiceException.notFound("activity", activityId));
        boolean ran = locks.runExclusively(lockName(activityId), lockWait,
                () -> hotStock.warmUp(activityId, activity.saleSettings(), false));
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
            boolean ran = locks.runExclusively(lockName(activity.id()), Duration.ZERO,
                    () -> hotStock.warmUp(activity.id(), activity.saleSettings(), false));
            if (ran) {
                warmed++;
            }
        }
        return warmed;
    }
}
