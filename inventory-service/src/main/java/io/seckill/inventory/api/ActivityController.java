package io.seckill.inventory.api;

import io.seckill.inventory.domain.Activity;
import io.seckill.inventory.domain.ActivityCatalog;
import io.seckill.inventory.domain.NewActivity;
import io.seckill.inventory.domain.StockLevels;
import io.seckill.inventory.domain.StockWarmUp;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Instant;

/** Activities: created and warmed by admins, read by anyone (API.md). Access is checked before these run. */
@RestController
public class ActivityController {

    private final ActivityCatalog catalog;
    private final StockWarmUp warmUp;

    public ActivityController(ActivityCatalog catalog, StockWarmUp warmUp) {
        this.catalog = catalog;
        this.warmUp = warmUp;
    }

    /** 201 with the activity; 400 naming the first invalid field, nothing stored. */
    @PostMapping("/api/admin/activities")
    public ResponseEntity<ActivityResponse> create(@RequestBody CreateActivityRequest request) {
        Activity activity = catalog.create(request.toNewActivity());
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/activities/{id}").buildAndExpand(activity.id()).toUri();
        return ResponseEntity.created(location)
                .body(ActivityResponse.of(catalog.view(activity.id())));
    }

    /** 200 with the activity and its status now; 404. */
    @GetMapping("/api/activities/{activityId}")
    public ActivityResponse read(@PathVariable String activityId) {
        return ActivityResponse.of(catalog.view(activityId));
    }

    /** 204 once the hot stock is loaded (or was already); 404; 503 if another warm-up holds the lock. */
    @PostMapping("/api/admin/activities/{activityId}/warmup")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void warmUp(@PathVariable String activityId) {
        warmUp.warmUp(activityId);
    }

    /** 200 with MySQL's and Redis's counts; Redis's are null while the activity is cold; 404. */
    @GetMapping("/api/admin/activities/{activityId}/stock")
    public StockResponse stock(@PathVariable String activityId) {
        return StockResponse.of(catalog.stockReport(activityId));
    }

    /** The body of {@code POST /api/admin/activities}; every field is checked by {@link NewActivity#validate}. */
    public record CreateActivityRequest(String title, String skuId, Long priceCents, Long stock, Instant startsAt,
                                        Instant endsAt, Integer perUserLimit) {
        NewActivity toNewActivity() {
            return new NewActivity(title, skuId, priceCents, stock, startsAt, endsAt, perUserLimit);
        }
    }

    /** An activity as clients see it; {@code status} ∈ SCHEDULED, OPEN, SOLD_OUT, ENDED. */
    public record ActivityResponse(String activityId, String title, String skuId, long priceCents, long stock,
                                   Instant startsAt, Instant endsAt, int perUserLimit, String status) {
        static ActivityResponse of(ActivityCatalog.ActivityView view) {
            Activity a = view.activity();
            return new ActivityResponse(a.id(), a.title(), a.skuId(), a.priceCents(), a.stock(), a.startsAt(),
                    a.endsAt(), a.perUserLimit(), view.status().name());
        }
    }

    /**
     * Stock counts for the consistency check: {@code redisRemaining} is null and {@code liveReservations} 0 while
     * the activity is not warm (reservations live only in Redis until the ledger records them).
     */
    public record StockResponse(long initialStock, long mysqlRemaining, Long redisRemaining, long liveReservations) {
        static StockResponse of(ActivityCatalog.StockReport report) {
            Activity a = report.activity();
            return new StockResponse(a.stock(), a.remaining(),
                    report.hotStock().map(StockLevels::remaining).orElse(null),
                    report.hotStock().map(StockLevels::liveReservations).orElse(0L));
        }
    }
}
