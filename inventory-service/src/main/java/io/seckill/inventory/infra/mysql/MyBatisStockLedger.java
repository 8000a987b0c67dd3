package io.seckill.inventory.infra.mysql;

import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.SeckillReserved;
import io.seckill.inventory.domain.LiveReservation;
import io.seckill.inventory.domain.ReleaseRecord;
import io.seckill.inventory.domain.Activity;
import io.seckill.inventory.domain.LedgerInvariantViolation;
import io.seckill.inventory.domain.StockLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@link StockLedger} over MyBatis: in one MySQL transaction, per activity, {@code INSERT IGNORE} the ledger rows and
 * deduct the number actually inserted, guarded by {@code remaining >= n}.
 *
 * <p>Only newly inserted rows are deducted, so a redelivered reservation (its row exists) changes nothing. Activities
 * are updated in id order, so that concurrent batches lock the activity rows in one order and cannot deadlock on
 * them. Thread-safe (the mapper proxies and the transaction template are).
 */
public final class MyBatisStockLedger implements StockLedger {

    private static final Logger log = LoggerFactory.getLogger(MyBatisStockLedger.class);

    private final StockLedgerMapper ledger;
    private final ActivityMapper activities;
    private final TransactionOperations transactions;
    private final Clock clock;

    public MyBatisStockLedger(StockLedgerMapper ledger, ActivityMapper activities, TransactionOperations transactions,
                              Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.activities = Objects.requireNonNull(activities, "activities");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public int record(List<SeckillReserved> reservations) {
        if (reservations.isEmpty()) {
            return 0;
        }
        Map<String, List<SeckillReserved>> byActivity = reservations.stream()
                .collect(Collectors.groupingBy(SeckillReserved::activityId, TreeMap::new, Collectors.toList()));
        Integer recorded = transactions.execute(status -> {
            int inserted = 0;
            for (Map.Entry<String, List<SeckillReserved>> activity : byActivity.entrySet()) {
                inserted += recordActivity(activity.getKey(), activity.getValue());
            }
            return inserted;
        });
        return Objects.requireNonNull(recorded, "recorded");
    }

    private int recordActivity(String activityId, List<SeckillReserved> reservations) {
        int inserted = ledger.insertNew(reservations, clock.instant());
        if (inserted > 0 && ledger.deductRemaining(activityId, inserted) == 0) {
            Activity activity = activities.findById(activityId);
            String remaining = activity == null ? "no such activity" : Long.toString(activity.remaining());
            log.error("ledger invariant violated: activity {} has {} remaining but {} newly recorded orders"
                            + " ({} in the batch) must be deducted; the batch is rolled back and retried",
                    activityId, remaining, inserted, reservations.size());
            throw new LedgerInvariantViolation("activity " + activityId + " cannot deduct " + inserted
                    + " units (remaining: " + remaining + ")");
        }
        return inserted;
    }

    @Override
    public ReleaseRecord release(OrderCancelled cancellation) {
        ReleaseRecord record = transactions.execute(status -> releaseInTransaction(cancellation));
        return Objects.requireNonNull(record, "record");
    }

    private ReleaseRecord releaseInTransaction(OrderCancelled cancellation) {
        Instant now = clock.instant();
        if (ledger.insertReleased(cancellation.orderId(), cancellation.activityId(), cancellation.userId(), now) == 1) {
            return ReleaseRecord.RECORDED_BEFORE_RESERVATION;
        }
        String activityId = ledger.activityOf(cancellation.orderId());
        if (!cancellation.activityId().equals(activityId)) {
            throw new LedgerInvariantViolation("order " + cancellation.orderId() + " is recorded for activity "
                    + activityId + ", its cancellation names " + cancellation.activityId());
        }
        if (ledger.markReleased(cancellation.orderId(), now) == 0) {
            return ReleaseRecord.ALREADY_RELEASED;
        }
        if (ledger.restoreRemaining(activityId, 1) == 0) {
            log.error("ledger invariant violated: giving back the unit of order {} would exceed the stock of activity"
                    + " {}; the release is rolled back and retried", cancellation.orderId(), activityId);
            throw new LedgerInvariantViolation("activity " + activityId + " cannot take back the unit of order "
                    + cancellation.orderId());
        }
        return ReleaseRecord.RESTORED;
    }

    @Override
    public List<LiveReservation> liveReservations(String activityId) {
        return ledger.findLive(activityId);
    }
}
