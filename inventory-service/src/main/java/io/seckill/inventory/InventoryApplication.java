package io.seckill.inventory;

import io.seckill.inventory.domain.ActivityCatalog;
import io.seckill.inventory.domain.ActivityRepository;
import io.seckill.inventory.domain.HotStock;
import io.seckill.inventory.domain.JobLocks;
import io.seckill.inventory.domain.LedgerProgress;
import io.seckill.inventory.domain.OrderRelease;
import io.seckill.inventory.domain.ReservationPublisher;
import io.seckill.inventory.domain.SeckillEntry;
import io.seckill.inventory.domain.SoldOutBroadcast;
import io.seckill.inventory.domain.SoldOutFlags;
import io.seckill.inventory.domain.StockLedger;
import io.seckill.inventory.domain.StockReconciliation;
import io.seckill.inventory.domain.StockWarmUp;
import io.seckill.inventory.infra.mysql.ActivityMapper;
import io.seckill.inventory.infra.mysql.MyBatisActivityRepository;
import io.seckill.inventory.infra.mysql.MyBatisStockLedger;
import io.seckill.inventory.infra.mysql.StockLedgerMapper;
import io.seckill.common.mysql.UtcInstantTypeHandler;
import io.seckill.inventory.infra.redis.RedisHotStock;
import io.seckill.inventory.infra.redis.RedissonJobLocks;
import org.mybatis.spring.boot.autoconfigure.ConfigurationCustomizer;
import org.redisson.api.RedissonClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;

/**
 * The inventory service: activities and their stock, MySQL as the record and Redis as the hot stock. The domain's
 * collaborators are wired here; the broker side is in {@link io.seckill.inventory.infra.messaging.MessagingConfiguration}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class InventoryApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ConfigurationCustomizer utcInstants() {
        return configuration -> configuration.getTypeHandlerRegistry()
                .register(Instant.class, new UtcInstantTypeHandler());
    }

    @Bean
    ActivityRepository activityRepository(ActivityMapper mapper) {
        return new MyBatisActivityRepository(mapper);
    }

    @Bean
    HotStock hotStock(RedissonClient redisson) {
        return new RedisHotStock(redisson);
    }

    @Bean
    JobLocks jobLocks(RedissonClient redisson) {
        return new RedissonJobLocks(redisson);
    }

    @Bean
    StockLedger stockLedger(StockLedgerMapper ledger, ActivityMapper activities,
                            PlatformTransactionManager transactionManager, Clock clock) {
        return new MyBatisStockLedger(ledger, activities, new TransactionTemplate(transactionManager), clock);
    }

    @Bean
    ActivityCatalog activityCatalog(ActivityRepository activities, HotStock hotStock, Clock clock) {
        return new ActivityCatalog(activities, hotStock, clock);
    }

    @Bean
    StockWarmUp stockWarmUp(ActivityRepository activities, HotStock hotStock, JobLocks locks, StockLedger ledger,
                            LedgerProgress ledgerProgress, Clock clock, InventoryProperties properties) {
        return new StockWarmUp(activities, hotStock, locks, ledger, ledgerProgress, clock,
                properties.warmUp().lockWait());
    }

    @Bean
    StockReconciliation stockReconciliation(ActivityRepository activities, HotStock hotStock, JobLocks locks,
                                            StockLedger ledger, LedgerProgress ledgerProgress, Clock clock,
                                            InventoryProperties properties) {
        return new StockReconciliation(activities, hotStock, locks, ledger, ledgerProgress, clock,
                properties.reconciliation().afterEnd(), properties.reconciliation().orphanAfter());
    }

    /** This instance's memory of sold-out activities, shared by the entry, the release and the broadcast listener. */
    @Bean
    SoldOutFlags soldOutFlags(InventoryProperties properties) {
        return new SoldOutFlags(properties.soldOut().recheckAfter());
    }

    @Bean
    SeckillEntry seckillEntry(ActivityRepository activities, ReservationPublisher publisher, StockWarmUp warmUp,
                              SoldOutFlags soldOut, SoldOutBroadcast broadcast, Clock clock) {
        return new SeckillEntry(activities, publisher, warmUp, soldOut, broadcast, clock);
    }

    @Bean
    OrderRelease orderRelease(StockLedger ledger, HotStock hotStock, SoldOutFlags soldOut) {
        return new OrderRelease(ledger, hotStock, soldOut);
    }
}
