package io.seckill.inventory.infra.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.inventory.InventoryProperties;
import io.seckill.inventory.domain.StockReconciliation;
import io.seckill.inventory.domain.StockReconciliation.Drift;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Every {@code seckill.reconciliation.interval}, reconciles the running activities' hot stock with the ledger and
 * reports the drift in the log and as counters ({@code inventory_reconciliation_restored_total},
 * {@code inventory_reconciliation_orphans_total}, {@code inventory_reconciliation_no_stock_total}). Every instance runs it; the per-activity lock makes one of them
 * do each activity.
 */
@Component
public class ReconciliationSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationSchedule.class);

    private final StockReconciliation reconciliation;
    private final Duration interval;
    private final Counter restored;
    private final Counter noStock;
    private final Counter orphans;

    public ReconciliationSchedule(StockReconciliation reconciliation, InventoryProperties properties,
                                  MeterRegistry meters) {
        this.reconciliation = reconciliation;
        this.interval = properties.reconciliation().interval();
        this.restored = Counter.builder("inventory.reconciliation.restored")
                .description("reservations the reconciliation put back into Redis from the ledger").register(meters);
        this.noStock = Counter.builder("inventory.reconciliation.no.stock")
                .description("ledger reservations for which Redis had no unit left (oversold in Redis)")
                .register(meters);
        this.orphans = Counter.builder("inventory.reconciliation.orphans")
                .description("reservations only Redis held, past the orphan age, released with their unit")
                .register(meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::reconcile, interval);
    }

    /** One round; a failure (Redis, MySQL or the broker down) is logged and the next round tries again. */
    void reconcile() {
        try {
            for (Drift drift : reconciliation.reconcileRunningActivities()) {
                report(drift);
            }
        } catch (RuntimeException e) {
            log.warn("reconciliation failed; retrying in {}", interval, e);
        }
    }

    private void report(Drift drift) {
        restored.increment(drift.restored());
        noStock.increment(drift.noStockOrderIds().size());
        orphans.increment(drift.orphans());
        if (!drift.noStockOrderIds().isEmpty()) {
            log.error("activity {}: Redis had no unit left for the ledger's live orders {}", drift.activityId(),
                    drift.noStockOrderIds());
        }
        if (drift.any()) {
            log.warn("activity {} drifted: restored {} reservations from the ledger ({} released again),"
                            + " released {} orphans, {} reservations only in Redis (in flight)", drift.activityId(),
                    drift.restored(), drift.releasedAgain(), drift.orphans(), drift.redisOnly());
        }
    }
}
