package io.seckill.inventory.infra.messaging;

import io.seckill.common.event.ActivitySoldOut;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.domain.SoldOutBroadcast;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;

/**
 * {@link SoldOutBroadcast} over {@code seckill.sold-out}: key the activity id, value {@link ActivitySoldOut} as JSON,
 * sent without waiting for the acknowledgement; a failed send is logged and forgotten. Thread-safe (the producer is).
 */
public final class KafkaSoldOutBroadcast implements SoldOutBroadcast {

    private static final Logger log = LoggerFactory.getLogger(KafkaSoldOutBroadcast.class);

    private final Producer<byte[], byte[]> producer;
    private final JsonMapper json;
    private final Clock clock;

    public KafkaSoldOutBroadcast(Producer<byte[], byte[]> producer, JsonMapper json, Clock clock) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void announce(String activityId) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.SECKILL_SOLD_OUT,
                activityId.getBytes(StandardCharsets.UTF_8),
                json.writeValueAsBytes(new ActivitySoldOut(activityId, clock.instant())));
        try {
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    log.warn("sold-out announcement of activity {} was not sent: {}", activityId, e.toString());
                }
            });
        } catch (KafkaException e) {
            log.warn("sold-out announcement of activity {} was not sent: {}", activityId, e.toString());
        }
    }
}
