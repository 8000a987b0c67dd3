package io.seckill.inventory.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * This instance's memory of which activities the hot stock called sold out: while an activity is flagged, a seckill
 * is refused at once, without a half message or a Redis call (ARCHITECTURE.md, step 1).
 *
 * <p>A flag lasts {@code recheckAfter}, then the next attempt asks Redis again: a cancelled order gives its unit
 * back, and an instance that never forgets would refuse it for the rest of the sale. The flag only saves work, never
 * decides: Redis refuses a sold-out activity just the same. Thread-safe.
 */
public final class SoldOutFlags {

    /** activityId → the {@link System#nanoTime()} until which it counts as sold out. */
    private final ConcurrentHashMap<String, Long> flaggedUntilNanos = new ConcurrentHashMap<>();
    private final long recheckAfterNanos;
    private final LongSupplier nanoTime;

    /** Flags that last {@code recheckAfter} (positive) on the JVM's monotonic clock. */
    public SoldOutFlags(Duration recheckAfter) {
        this(recheckAfter, System::nanoTime);
    }

    /** Flags on the given monotonic clock (nanoseconds), for tests. */
    public SoldOutFlags(Duration recheckAfter, LongSupplier nanoTime) {
        Objects.requireNonNull(recheckAfter, "recheckAfter");
        if (recheckAfter.isZero() || recheckAfter.isNegative()) {
            throw new IllegalArgumentException("recheckAfter must be positive: " + recheckAfter);
        }
        this.recheckAfterNanos = recheckAfter.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Whether the activity was found sold out less than {@code recheckAfter} ago. */
    public boolean isSoldOut(String activityId) {
        Long until = flaggedUntilNanos.get(activityId);
        if (until == null) {
            return false;
        }
        if (nanoTime.getAsLong() - until < 0) {
            return true;
        }
        // Expired: forget it (only this exact entry, not a fresher one set meanwhile) so the map stays small.
        flaggedUntilNanos.remove(activityId, until);
        return false;
    }

    /**
     * Records that the hot stock just answered sold out for the activity (here or on another instance).
     *
     * @return whether the activity was not flagged before: the first instance to see it tells the others
     */
    public boolean markSoldOut(String activityId) {
        boolean wasFlagged = isSoldOut(activityId);
        flaggedUntilNanos.put(activityId, nanoTime.getAsLong() + recheckAfterNanos);
        return !wasFlagged;
    }

    /** Forgets the activity's flag (a unit came back), so the next attempt asks Redis. */
    public void clear(String activityId) {
        flaggedUntilNanos.remove(activityId);
    }
}
