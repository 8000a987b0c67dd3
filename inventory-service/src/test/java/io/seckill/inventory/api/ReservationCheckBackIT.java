package io.seckill.inventory.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.domain.HotStock;
import io.seckill.inventory.domain.ReservationOutcome;
import io.seckill.inventory.domain.StockReservation;
import io.seckill.inventory.infra.messaging.ReservationTransactionId;
import io.seckill.testsupport.EmbeddedMqBroker;
import io.seckill.inventory.testing.ReservedRecords;
import io.seckill.testsupport.TopicReader;
import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.HalfMessageOptions;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Check-back of {@code seckill.reserved} half messages whose sender never decided: answered from Redis. */
class ReservationCheckBackIT extends InventoryServiceSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    HotStock hotStock;

    @Autowired
    TransactionChecker checker;

    @Autowired
    TransactionalMessageProducer producer;

    @Autowired
    MeterRegistry meters;

    @Test
    void checkerCommitsAHeldReservationAndRollsBackAnAbsentOne() throws Exception {
        String activityId = openActivity(5);
        assertThat(hotStock.reserve(new StockReservation(activityId, "u1", "order-held")))
                .isEqualTo(ReservationOutcome.RESERVED);

        assertThat(checker.check(half(activityId + ":order-held"))).isEqualTo(TransactionState.COMMIT);
        assertThat(checker.check(half(activityId + ":order-never"))).isEqualTo(TransactionState.ROLLBACK);
        assertThat(checker.check(half("not-a-reservation"))).isEqualTo(TransactionState.UNKNOWN);
    }

    @Test
    @Timeout(90)
    void undecidedHalfMessageIsDeliveredIfAndOnlyIfItsReservationExists() {
        String activityId = openActivity(5);
        double rollbacksBefore = checkerAnswers("rollback");
        StockReservation held = new StockReservation(activityId, "u-held", "order-held-" + activityId);
        StockReservation never = new StockReservation(activityId, "u-never", "order-never-" + activityId);

        // Both senders "die" after their local transaction: neither tells the broker, so check-back decides.
        producer.send(message(held), options(held), half -> {
            hotStock.reserve(held);
            return TransactionState.UNKNOWN;
        });
        producer.send(message(never), options(never), half -> TransactionState.UNKNOWN);

        await().atMost(Duration.ofSeconds(60)).until(() -> checkerAnswers("rollback") > rollbacksBefore);
        List<ConsumerRecord<byte[], byte[]>> delivered = TopicReader.read(
                EmbeddedMqBroker.shared().bootstrapServers(), Topics.SECKILL_RESERVED,
                ReservedRecords.ofActivities(Set.of(activityId)), records -> !records.isEmpty(),
                Duration.ofSeconds(3), Duration.ofSeconds(60));
        assertThat(delivered).extracting(record -> event(record).orderId()).containsExactly(held.orderId());
    }

    private static HalfMessage half(String transactionId) {
        return new HalfMessage("message-" + transactionId, transactionId, "inventory-service", Topics.SECKILL_RESERVED,
                null, null, new RecordHeaders());
    }

    private static ProducerRecord<byte[], byte[]> message(StockReservation reservation) {
        SeckillReserved event = new SeckillReserved(reservation.orderId(), reservation.activityId(),
                reservation.userId(), 100, Instant.now());
        return new ProducerRecord<>(Topics.SECKILL_RESERVED, reservation.orderId().getBytes(StandardCharsets.UTF_8),
                JSON.writeValueAsBytes(event));
    }

    /** A first check-back one second after sending, then every second. */
    private static HalfMessageOptions options(StockReservation reservation) {
        return HalfMessageOptions.DEFAULTS.withTransactionId(ReservationTransactionId.of(reservation).format())
                .withTransactionTimeout(Duration.ofSeconds(1)).withCheckInterval(Duration.ofSeconds(1));
    }

    private double checkerAnswers(String outcome) {
        return meters.get("mq.checker.answers").tag("group", "inventory-service").tag("outcome", outcome)
                .counter().count();
    }

    private static SeckillReserved event(ConsumerRecord<byte[], byte[]> record) {
        return JSON.readValue(record.value(), SeckillReserved.class);
    }
}
