package io.seckill.inventory.infra.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.ActivitySoldOut;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.domain.SoldOutFlags;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Sets this instance's sold-out flag when any instance announces a sold-out activity on {@code seckill.sold-out}.
 *
 * <p>Every instance must see every announcement, so each reads with a group of its own
 * ({@code seckill.sold-out.group}, unique per process by default) from the log end: announcements older than the
 * flag's life ({@code seckill.sold-out.recheck-after}) are ignored, since the flag would already have expired.
 */
public final class SoldOutListener {

    private final SoldOutFlags flags;
    private final Clock clock;
    private final Duration recheckAfter;
    private final JsonEvents<ActivitySoldOut> events;

    public SoldOutListener(SoldOutFlags flags, Clock clock, Duration recheckAfter, JsonMapper json,
                           MeterRegistry meters) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recheckAfter = Objects.requireNonNull(recheckAfter, "recheckAfter");
        this.events = new JsonEvents<>(ActivitySoldOut.class, json,
                Counter.builder("inventory.sold.out.malformed.records")
                        .description("seckill.sold-out records skipped because they are not an ActivitySoldOut")
                        .register(meters));
    }

    /** Flags the announced activity unless the announcement is too old to matter. */
    @KafkaListener(id = "inventory-sold-out", groupId = "${seckill.sold-out.group}", topics = Topics.SECKILL_SOLD_OUT,
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=latest"
            })
    public void onSoldOut(ConsumerRecord<byte[], byte[]> record) {
        events.parse(record).ifPresent(announcement -> {
            if (announcement.soldOutAt().plus(recheckAfter).isAfter(clock.instant())) {
                flags.markSoldOut(announcement.activityId());
            }
        });
    }
}
