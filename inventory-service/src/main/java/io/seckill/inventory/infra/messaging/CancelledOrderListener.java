package io.seckill.inventory.infra.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.OrderCancelled;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.domain.OrderRelease;
import io.seckill.inventory.domain.ReleaseOutcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

import java.util.Objects;

/**
 * Consumes {@code order.cancelled} and gives each cancelled order's unit back through {@link OrderRelease}.
 *
 * <p>Exactly once by idempotence, not by offsets: the container commits after this method returns, and a failure
 * (database or Redis down, a ledger invariant) throws so that the record is retried by the error handler, never
 * dropped; a redelivery finds the work done. Malformed records are skipped and counted
 * ({@code inventory_release_malformed_records_total}).
 */
public final class CancelledOrderListener {

    /** The consumer group of the release; every instance of the service shares it. */
    public static final String GROUP = "inventory-release";

    private final OrderRelease release;
    private final JsonEvents<OrderCancelled> events;
    private final Counter released;

    public CancelledOrderListener(OrderRelease release, JsonMapper json, MeterRegistry meters) {
        this.release = Objects.requireNonNull(release, "release");
        this.events = new JsonEvents<>(OrderCancelled.class, json, Counter.builder("inventory.release.malformed.records")
                .description("order.cancelled records skipped because they are not an OrderCancelled")
                .register(meters));
        this.released = Counter.builder("inventory.release.units")
                .description("units given back to the hot stock by cancelled orders")
                .register(meters);
    }

    /** Releases one cancelled order's unit; earliest offset for a new group, so no cancellation is missed. */
    @KafkaListener(id = GROUP, groupId = GROUP, topics = Topics.ORDER_CANCELLED,
            concurrency = "${seckill.release.concurrency:3}",
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=earliest"
            })
    public void onCancelled(ConsumerRecord<byte[], byte[]> record) {
        events.parse(record).ifPresent(cancellation -> {
            if (release.release(cancellation) == ReleaseOutcome.RELEASED) {
                released.increment();
            }
        });
    }
}
