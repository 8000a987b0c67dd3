package io.seckill.inventory.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.id.Ids;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.domain.LedgerInvariantViolation;
import io.seckill.inventory.domain.StockLedger;
import io.seckill.testsupport.ConcurrentCalls;
import io.seckill.testsupport.EmbeddedMqBroker;
import io.seckill.testsupport.ServiceClient;
import io.seckill.inventory.testing.ReservedRecords;
import io.seckill.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The ledger consumer of {@code seckill.reserved}: MySQL's remaining stock follows the sales exactly once. */
class StockLedgerIT extends InventoryServiceSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Partitions of seckill.reserved in these tests (testing.EmbeddedMqBroker). */
    private static final int PARTITIONS = 3;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StockLedger ledger;

    @Test
    @Timeout(180)
    void crowdOfTwoThousandIsRecordedAsExactlyTheStockInTheLedger() {
        String id = openActivity(100);

        List<HttpResponse<String>> responses = ConcurrentCalls.run(2_000, 200,
                i -> user("ledger-crowd-" + i).post("/api/seckill/" + id));

        assertThat(responses.stream().filter(r -> r.statusCode() == 202)).hasSize(100);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ledgerRows(id)).isEqualTo(100));
        JsonNode stock = stock(id);
        assertThat(stock.get("mysqlRemaining").asLong()).isZero();
        assertThat(stock.get("redisRemaining").asLong()).isZero();
        assertThat(stock.get("liveReservations").asLong()).isEqualTo(100);
    }

    @Test
    @Timeout(180)
    void everyReservationDeliveredTwiceIsRecordedAndDeductedOnce() throws Exception {
        String id = openActivity(100);
        List<HttpResponse<String>> responses = ConcurrentCalls.run(100, 20,
                i -> user("ledger-twice-" + i).post("/api/seckill/" + id));
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(202));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ledgerRows(id)).isEqualTo(100));
        List<ConsumerRecord<byte[], byte[]>> published = TopicReader.read(
                EmbeddedMqBroker.shared().bootstrapServers(), Topics.SECKILL_RESERVED,
                ReservedRecords.ofActivities(Set.of(id)), records -> records.size() >= 100,
                Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(published).hasSize(100);

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ConsumerRecord<byte[], byte[]> record : published) {
                producer.send(new ProducerRecord<>(Topics.SECKILL_RESERVED, null, record.key(), record.value(),
                        record.headers())).get();
            }
            awaitEveryPartitionConsumed(producer);
        }

        assertThat(ledgerRows(id)).isEqualTo(100);
        assertThat(stock(id).get("mysqlRemaining").asLong()).isZero();
        assertThat(ledgerOrders(id)).isEqualTo(published.stream().map(r -> event(r).orderId())
                .collect(Collectors.toSet()));
    }

    @Test
    @Timeout(120)
    void malformedRecordsAreSkippedAndLaterReservationsAreRecorded() throws Exception {
        String id = createActivity(activityRequest(Instant.now().minusSeconds(1), Instant.now().plusSeconds(3600),
                PARTITIONS));
        double skippedBefore = malformedSkipped();

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                send(producer, partition, "{not json".getBytes(StandardCharsets.UTF_8));
                send(producer, partition, "{\"orderId\":null}".getBytes(StandardCharsets.UTF_8));
                send(producer, partition, JSON.writeValueAsBytes(reservation(id, "late-" + partition)));
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(ledgerRows(id)).isEqualTo(PARTITIONS);
            assertThat(stock(id).get("mysqlRemaining").asLong()).isZero();
        });
        assertThat(malformedSkipped() - skippedBefore).isGreaterThanOrEqualTo(2.0 * PARTITIONS);
    }

    @Test
    void deductionBeyondTheRemainingStockIsRefusedWholeAndRecordsNothing() {
        String id = createActivity(activityRequest(Instant.now().minusSeconds(1), Instant.now().plusSeconds(3600), 1));
        String other = createActivity(activityRequest(Instant.now().minusSeconds(1), Instant.now().plusSeconds(3600),
                1));
        List<SeckillReserved> batch = List.of(reservation(other, "fits"), reservation(id, "first"),
                reservation(id, "second"));

        assertThatThrownBy(() -> ledger.record(batch)).isInstanceOf(LedgerInvariantViolation.class)
                .hasMessageContaining(id);

        assertThat(ledgerRows(id)).isZero();
        assertThat(ledgerRows(other)).isZero();
        assertThat(stock(id).get("mysqlRemaining").asLong()).isEqualTo(1);
        assertThat(stock(other).get("mysqlRemaining").asLong()).isEqualTo(1);
        assertThat(ledger.record(batch.subList(0, 2))).isEqualTo(2);
        assertThat(ledger.record(batch.subList(0, 2))).isZero();
        assertThat(stock(id).get("mysqlRemaining").asLong()).isZero();
    }

    /**
     * Sends one fresh reservation of a sentinel activity to every partition and waits until all are recorded: the
     * ledger consumes each partition in order, so every record sent before has been consumed too.
     */
    private void awaitEveryPartitionConsumed(KafkaProducer<byte[], byte[]> producer) throws Exception {
        String sentinel = createActivity(activityRequest(Instant.now().minusSeconds(1),
                Instant.now().plusSeconds(3600), PARTITIONS));
        for (int partition = 0; partition < PARTITIONS; partition++) {
            send(producer, partition, JSON.writeValueAsBytes(reservation(sentinel, "sentinel-" + partition)));
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(stock(sentinel).get("mysqlRemaining").asLong()).isZero());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, int partition, byte[] value)
            throws ExecutionException, InterruptedException {
        byte[] key = Ids.next().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.SECKILL_RESERVED, partition, key, value)).get();
    }

    private static SeckillReserved reservation(String activityId, String userId) {
        return new SeckillReserved(Ids.next(), activityId, userId, 100, Instant.now());
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedMqBroker.shared().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 0));
    }

    private Set<String> ledgerOrders(String activityId) {
        return Set.copyOf(jdbc.queryForList("SELECT order_id FROM stock_ledger WHERE activity_id = ?",
                String.class, activityId));
    }

    private double malformedSkipped() {
        return meters.get("inventory.ledger.malformed.records").counter().count();
    }

    private static SeckillReserved event(ConsumerRecord<byte[], byte[]> record) {
        return JSON.readValue(record.value(), SeckillReserved.class);
    }
}
