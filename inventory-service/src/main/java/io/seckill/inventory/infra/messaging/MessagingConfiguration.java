package io.seckill.inventory.infra.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.inventory.InventoryProperties;
import io.seckill.inventory.domain.HotStock;
import io.seckill.inventory.domain.LedgerProgress;
import io.seckill.inventory.domain.OrderRelease;
import io.seckill.inventory.domain.ReservationPublisher;
import io.seckill.inventory.domain.SoldOutBroadcast;
import io.seckill.inventory.domain.SoldOutFlags;
import io.seckill.inventory.domain.StockLedger;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;

/** The broker side of the service: the half-message publisher and its check-back, the listeners, the broadcasts. */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    /** How long a question to the broker about the ledger's progress may take. */
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

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
    ReservedLedgerListener reservedLedgerListener(StockLedger ledger, JsonMapper json, MeterRegistry meters) {
        return new ReservedLedgerListener(ledger, json, meters);
    }

    @Bean
    CancelledOrderListener cancelledOrderListener(OrderRelease release, JsonMapper json, MeterRegistry meters) {
        return new CancelledOrderListener(release, json, meters);
    }

    @Bean
    SoldOutBroadcast soldOutBroadcast(Producer<byte[], byte[]> mqProducer, JsonMapper json, Clock clock) {
        return new KafkaSoldOutBroadcast(mqProducer, json, clock);
    }

    @Bean
    SoldOutListener soldOutListener(SoldOutFlags flags, Clock clock, InventoryProperties properties, JsonMapper json,
                                    MeterRegistry meters) {
        return new SoldOutListener(flags, clock, properties.soldOut().recheckAfter(), json, meters);
    }

    @Bean(destroyMethod = "close")
    Admin ledgerAdmin(KafkaProperties kafka) {
        return Admin.create(kafka.buildAdminProperties());
    }

    @Bean
    LedgerProgress ledgerProgress(Admin ledgerAdmin) {
        return new KafkaLedgerProgress(ledgerAdmin, ADMIN_TIMEOUT);
    }

    /**
     * The Kafka listeners' error handler: a failed record or batch is retried whole, every
     * {@code seckill.ledger.retry-interval}, without end. The ledger and the release must never drop a message;
     * malformed records are skipped by the listeners themselves, so only an outage (database, Redis) or an invariant
     * violation (logged as an error) holds a partition back.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler(InventoryProperties properties) {
        return new DefaultErrorHandler(
                new FixedBackOff(properties.ledger().retryInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS));
    }
}
