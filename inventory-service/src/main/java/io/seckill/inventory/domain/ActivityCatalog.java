package io.seckill.inventory.domain;

import io.seckill.common.error.ServiceException;
import io.seckill.common.id.Ids;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Creates and reads activities, combining MySQL's record with the hot stock. Thread-safe (stateless). */
public final class ActivityCatalog {

    private final ActivityRepository activities;
    private final HotStock hotStock;
    private final Clock clock;

    public ActivityCatalog(ActivityRepository activities, HotStock hotStock, Clock clock) {
        this.activities = Objects.requireNonNull(activities, "activities");
        this.hotStock = Objects.requireNonNull(hotStock, "hotStock");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Validates and stores a new activity; nothing is stored if a field is invalid.
     *
     * @throws ServiceException {@code BAD_REQUEST} naming the field
     */
    public Activity create(NewActivity request) {
        Instant now = clock.instant();
        request.validate(now);
        Activity activity = request.toActivity(Ids.next(), now);
        activities.insert(activity);
        return activity;
    }

    /**
     * The activity with its status now.
     *
     * @throws ServiceException {@code NOT_FOUND}
     */
    public ActivityView view(String activityId) {
        Activity activity = require(activityId);
        Optional<StockLevels> hot = hotStock.stockLevels(activityId);
        return new ActivityView(activity, activity.statusAt(clock.instant(), hot));
    }

    /**
     * MySQL's and Redis's counts side by side, for operators and the load test's consistency check.
     *
     * @throws ServiceException {@code NOT_FOUND}
     */
    public StockReport stockReport(String activityId) {
        Activity activity = require(activityId);
        return new StockReport(activity, hotStock.stockLevels(activityId));
    }

    /**
     * The activity, or a {@code NOT_FOUND}.
     *
     * @throws ServiceException {@code NOT_FOUND}
     */
    Activity require(String activityId) {
        return activities.findById(activityId)
                .orElseThrow(() -> ServiceException.notFound("activity", activityId));
    }

    /** An activity and its status at the time of reading. */
    public record ActivityView(Activity activity, ActivityStatus status) {
    }

    /** MySQL's record of an activity and, if it is warm, its hot stock. */
    public record StockReport(Activity activity, Optional<StockLevels> hotStock) {
    }
}
