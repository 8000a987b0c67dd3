package io.seckill.inventory.infra.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.domain.StockLedger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Consumes this service's own {@code seckill.reserved} in batches and records each batch in the {@link StockLedger}
 * in one MySQL transaction (ARCHITECTURE.md: the deduction in MySQL).
 *
 * <p>Offsets are committed by the container after this method returns (ack mode BATCH), so after the transaction
 * committed; a redelivery after a crash in between is absorbed by the ledger's unique order id. A failing batch
 * (database down, {@link io.seckill.inventory.domain.LedgerInvariantViolation}) throws and is retried whole by the
 * container's error handler, never dropped.
 *
 * <p>A malformed record (no value, not the JSON of {@link SeckillReserved}) is logged with its coordinates, counted
 * ({@code inventory_ledger_malformed_records_total}) and skipped: retrying cannot make it valid, and blocking its
 * partition would stop the ledger for every later sale. It stays readable in the topic at the logged offset. Stateless
 * apart from its collaborators; the container calls it from one thread per partition set.
 */
public final class ReservedLedgerListener {

    /** The consumer group of the ledger; every instance of the service shares it. */
    public static final String GROUP = "inventory-ledger";

    private final StockLedger ledger;
    private final JsonEvents<SeckillReserved> events;

    public ReservedLedgerListener(StockLedger ledger, JsonMapper json, MeterRegistry meters) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.events = new JsonEvents<>(SeckillReserved.class, json, Counter.builder("inventory.ledger.malformed.records")
                .description("seckill.reserved records the ledger skipped because they are not a SeckillReserved")
                .register(meters));
    }

    /** Records one polled batch; earliest offset for a new group, so no reservation made before the first start is missed. */
    @KafkaListener(id = GROUP, groupId = GROUP, topics = Topics.SECKILL_RESERVED, batch = "true",
            concurrency = "${seckill.ledger.concurrency:3}",
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=earliest"
            })
    public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        List<SeckillReserved> reservations = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            events.parse(record).ifPresent(reservations::add);
        }
        ledger.record(reservations);
    }
}
