package io.seckill.inventory.infra.messaging;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.Objects;
import java.util.Optional;

/**
 * Reads one topic's events from JSON record values for a listener, skipping malformed records.
 *
 * <p>A malformed record (no value, or not the JSON of the event) is logged with its coordinates, counted and skipped:
 * retrying cannot make it valid, and blocking its partition would stop every later event. It stays readable in the
 * topic at the logged offset. Thread-safe.
 *
 * @param <E> the event type
 */
final class JsonEvents<E> {

    private static final Logger log = LoggerFactory.getLogger(JsonEvents.class);

    private final Class<E> type;
    private final JsonMapper json;
    private final Counter malformed;

    /** {@code malformed} counts the skipped records. */
    JsonEvents(Class<E> type, JsonMapper json, Counter malformed) {
        this.type = Objects.requireNonNull(type, "type");
        this.json = Objects.requireNonNull(json, "json");
        this.malformed = Objects.requireNonNull(malformed, "malformed");
    }

    /** The record's event, or empty if the record is malformed (then logged and counted). */
    Optional<E> parse(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return skip(record, "no value");
        }
        try {
            return Optional.of(json.readValue(record.value(), type));
        } catch (JacksonException e) {
            return skip(record, e.getOriginalMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            // The event's constructor refused the values (a missing member, a negative amount).
            return skip(record, e.getMessage());
        }
    }

    private Optional<E> skip(ConsumerRecord<byte[], byte[]> record, String reason) {
        malformed.increment();
        log.error("skipping malformed {} record at {}-{}@{}: {}", type.getSimpleName(), record.topic(),
                record.partition(), record.offset(), reason);
        return Optional.empty();
    }
}
