package io.seckill.inventory.domain;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.id.Ids;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seckill hot path (ARCHITECTURE.md steps 1-5): sold-out flag, new order id, half message whose local
 * transaction is the Redis reservation, outcome mapped to the API's codes. The first sold-out answer an instance
 * sees is announced to the other instances ({@link SoldOutBroadcast}).
 *
 * <p>An activity's price and window are read from MySQL once per instance and kept: nothing changes them after
 * creation, and the crowd must not reach the database. A cold activity (never warmed, or its keys lost) whose window
 * is open is warmed on the spot and tried once more, so a sale never stays closed because the scheduled warm-up has
 * not run yet; outside its window it is refused with {@code NOT_STARTED} or {@code ENDED} by this instance's clock.
 * Thread-safe.
 */
public final class SeckillEntry {

    /** More activities than any deployment runs at once; beyond it the cache starts over rather than grow. */
    private static final int MAX_CACHED_ACTIVITIES = 10_000;

    private final ActivityRepository activities;
    private final ReservationPublisher publisher;
    private final StockWarmUp warmUp;
    private final SoldOutFlags soldOut;
    private final SoldOutBroadcast broadcast;
    private final Clock clock;
    private final ConcurrentHashMap<String, Activity> knownActivities = new ConcurrentHashMap<>();

    public SeckillEntry(ActivityRepository activities, ReservationPublisher publisher, StockWarmUp warmUp,
                        SoldOutFlags soldOut, SoldOutBroadcast broadcast, Clock clock) {
        this.activities = Objects.requireNonNull(activities, "activities");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.warmUp = Objects.requireNonNull(warmUp, "warmUp");
        this.soldOut = Objects.requireNonNull(soldOut, "soldOut");
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Tries to reserve one unit of the activity for the user.
     *
     * @return the new order's id; its {@code seckill.reserved} event is published
     * @throws ServiceException {@code SOLD_OUT}, {@code ALREADY_PURCHASED}, {@code NOT_STARTED}, {@code ENDED},
     *                          {@code NOT_FOUND}, or {@code BUSY} (Redis, broker or a concurrent warm-up)
     */
    public String attempt(String activityId, String userId) {
        if (soldOut.isSoldOut(activityId)) {
            throw soldOut(activityId);
        }
        Activity activity = knownActivity(activityId);
        String orderId = Ids.next();
        StockReservation reservation = new StockReservation(activityId, userId, orderId);
        SeckillReserved event = new SeckillReserved(orderId, activityId, userId, activity.priceCents(),
                clock.instant());
        ReservationOutcome outcome = publisher.reserveAndPublish(reservation, event);
        if (outcome == ReservationOutcome.NOT_WARMED) {
            outcome = warmUpAndRetry(activity, reservation, event);
        }
        return switch (outcome) {
            case RESERVED -> orderId;
            case SOLD_OUT -> {
                if (soldOut.markSoldOut(activityId)) {
                    broadcast.announce(activityId);
                }
                throw soldOut(activityId);
            }
            case ALREADY_PURCHASED -> throw new ServiceException(ErrorCode.ALREADY_PURCHASED,
                    "user already holds the limit of activity " + activityId);
            case NOT_STARTED -> throw notStarted(activityId);
            case ENDED -> throw ended(activityId);
            case NOT_WARMED -> throw new ServiceException(ErrorCode.BUSY,
                    "the stock of activity " + activityId + " is being loaded; retry");
        };
    }

    private ReservationOutcome warmUpAndRetry(Activity activity, StockReservation reservation, SeckillReserved event) {
        Instant now = clock.instant();
        if (now.isBefore(activity.startsAt())) {
            throw notStarted(activity.id());
        }
        if (!now.isBefore(activity.endsAt())) {
            throw ended(activity.id());
        }
        warmUp.warmUp(activity.id());
        return publisher.reserveAndPublish(reservation, event);
    }

    private Activity knownActivity(String activityId) {
        Activity known = knownActivities.get(activityId);
        if (known != null) {
            return known;
        }
        Activity activity = activities.findById(activityId)
                .orElseThrow(() -> ServiceException.notFound("activity", activityId));
        if (knownActivities.size() >= MAX_CACHED_ACTIVITIES) {
            knownActivities.clear();
        }
        knownActivities.put(activityId, activity);
        return activity;
    }

    private static ServiceException soldOut(String activityId) {
        return new ServiceException(ErrorCode.SOLD_OUT, "activity " + activityId + " is sold out");
    }

    private static ServiceException notStarted(String activityId) {
        return new ServiceException(ErrorCode.NOT_STARTED, "activity " + activityId + " has not started");
    }

    private static ServiceException ended(String activityId) {
        return new ServiceException(ErrorCode.ENDED, "activity " + activityId + " has ended");
    }
}
