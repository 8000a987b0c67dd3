package io.seckill.inventory;

import io.seckill.inventory.domain.ActivityCatalog;
import io.seckill.inventory.domain.ActivityRepository;
import io.seckill.inventory.domain.HotStock;
import io.seckill.inventory.domain.JobLocks;
import io.seckill.inventory.domain.ReservationPublisher;
import io.seckill.inventory.domain.SeckillEntry;
import io.seckill.inventory.domain.SoldOutFlags;
import io.seckill.inventory.domain.StockLedger;
import io.seckill.inventory.domain.StockWarmUp;
import io.seckill.inventory.infra.messaging.HalfMessageReservationPublisher;
import io.seckill.inventory.infra.messaging.ReservationCheckBack;
import io.seckill.inventory.infra.messaging.ReservedLedgerListener;
import io.seckill.inventory.infra.mysql.ActivityMapper;
import io.seckill.inventory.infra.mysql.MyBatisActivityRepository;
import io.seckill.inventory.infra.mysql.MyBatisStockLedger;
import io.seckill.inventory.infra.mysql.StockLedgerMapper;
import io.seckill.inventory.infra.mysql.UtcInstantTypeHandler;
import io.seckill.inventory.infra.redis.RedisHotStock;
import io.seckill.inventory.infra.redis.RedissonJobLocks;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import io.micrometer.core.instrument.MeterRegistry;
import org.mybatis.spring.boot.autoconfigure.ConfigurationCustomizer;
import org.redisson.api.RedissonClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.scheduling.annotation.EnableScheduling;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;

/** The inventory service: activities and their stock, MySQL as the record and Redis as the hot stock. */
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
    ActivityCatalog activityCatalog(ActivityRepository activities, HotStock hotStock, Clock clock) {
        return new ActivityCatalog(activities, hotStock, clock);
    }

    @Bean
    StockWarmUp stockWarmUp(ActivityRepository activities, HotStock hotStock, JobLocks locks, Clock clock,
                            InventoryProperties properties) {
        return new StockWarmUp(activities, hotStock, locks, clock, properties.warmUp().lockWait());
    }

    @Bean
    ReservationPublisher reservationPublisher(TransactionalMessageProducer producer, HotStock hotStock,
                                              JsonMapper json) {
        return new HalfMessageReservationPublisher(producer, hotStock, json);
    }

    /** Answers the broker's check-backs for this producer group; mq-client starts its listener with the context. */
    @Bean
    TransactionChecker reservationCheckBack(HotStock hotStock) {
        return new ReservationCheckBack(hotStock);
    }

    @Bean
    SeckillEntry seckillEntry(ActivityRepository activities, ReservationPublisher publisher, StockWarmUp warmUp,
                              Clock clock, InventoryProperties properties) {
        return new SeckillEntry(activities, publisher, warmUp, new SoldOutFlags(properties.soldOut().recheckAfter()),
                clock);
    }

    @Bean
    StockLedger stockLedger(StockLedgerMapper ledger, ActivityMapper activities,
                            PlatformTransactionManager transactionManager, Clock clock) {
        return new MyBatisStockLedger(ledger, activities, new TransactionTemplate(transactionManager), clock);
    }

    @Bean
    ReservedLedgerListener reservedLedgerListener(StockLedger ledger, JsonMapper json, MeterRegistry meters) {
        return new ReservedLedgerListener(ledger, json, meters);
    }

    /**
     * The Kafka listeners' error handler: a failed batch is retried whole, every {@code seckill.ledger.retry-interval},
     * without end. The ledger must never drop a reservation; malformed records are skipped by the listener itself, so
     * only a database outage or an invariant violation (logged as an error) holds a partition back.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler(InventoryProperties properties) {
        return new DefaultErrorHandler(
                new FixedBackOff(properties.ledger().retryInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS));
    }
}
