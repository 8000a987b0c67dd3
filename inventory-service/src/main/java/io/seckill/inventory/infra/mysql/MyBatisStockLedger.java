package io.seckill.inventory.infra.mysql;

import io.seckill.common.event.SeckillReserved;
import io.seckill.inventory.domain.Activity;
import io.seckill.inventory.domain.LedgerInvariantViolation;
import io.seckill.inventory.domain.StockLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;
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
}
