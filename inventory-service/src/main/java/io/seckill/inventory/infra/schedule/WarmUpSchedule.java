package io.seckill.inventory.infra.schedule;

import io.seckill.inventory.InventoryProperties;
import io.seckill.inventory.domain.StockWarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Every {@code seckill.warm-up.interval}, warms the activities that start within {@code seckill.warm-up.lead-time}.
 * Every instance runs it; the per-activity lock makes one of them do each warm-up.
 */
@Component
public class WarmUpSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WarmUpSchedule.class);

    private final StockWarmUp warmUp;
    private final InventoryProperties.WarmUp settings;

    public WarmUpSchedule(StockWarmUp warmUp, InventoryProperties properties) {
        this.warmUp = warmUp;
        this.settings = properties.warmUp();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::warmUpUpcoming, settings.interval());
    }

    /** One round; a failure (Redis or MySQL down) is logged and the next round tries again. */
    void warmUpUpcoming() {
        try {
            int warmed = warmUp.warmUpStartingWithin(settings.leadTime());
            if (warmed > 0) {
                log.info("warmed up {} activities starting within {}", warmed, settings.leadTime());
            }
        } catch (RuntimeException e) {
            log.warn("automatic warm-up failed; retrying in {}", settings.interval(), e);
        }
    }
}
