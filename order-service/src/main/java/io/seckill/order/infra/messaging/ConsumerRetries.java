package io.seckill.order.infra.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.order.domain.UnknownOrderException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The error handling of this service's listener containers: a record whose handling fails is retried in place,
 * every {@code retry-interval}, without end (a database or broker outage holds its partition back, never loses an
 * event), except a record naming an unknown order, which is retried for {@code unknown-order-patience} and then
 * skipped with an error log and a count ({@code order_consumer_skipped_records_total{reason="unknown_order"}}).
 *
 * <p>Failed attempts are logged as warnings: the first of each record, then every {@value #LOG_EVERY_ATTEMPTS}th,
 * so that an outage shows in the log without flooding it.
 *
 * <p>Spring Kafka's default classification (some exception types are never retried) is replaced by "retry
 * everything": malformed records are skipped by the listeners before handling, so what fails here is an outage or a
 * bug, and neither may drop an event.
 */
public final class ConsumerRetries {

    /** Every this many failed attempts of one record, one more warning. */
    static final int LOG_EVERY_ATTEMPTS = 30;

    private static final Logger log = LoggerFactory.getLogger(ConsumerRetries.class);

    private ConsumerRetries() {
    }

    /** The containers' error handler. */
    public static DefaultErrorHandler errorHandler(Duration retryInterval, Duration unknownOrderPatience,
                                                   MeterRegistry meters) {
        Counter skipped = Counter.builder("order.consumer.skipped.records")
                .description("Records skipped after retrying: they name an order this service does not have")
                .tag("reason", "unknown_order").register(meters);
        long interval = retryInterval.toMillis();
        long attempts = Math.max(1, unknownOrderPatience.toMillis() / interval);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            skipped.increment();
            log.error("skipping {}-{}@{} after retrying it for {}: {}", record.topic(), record.partition(),
                    record.offset(), unknownOrderPatience, rootCause(failure).getMessage());
        }, new FixedBackOff(interval, FixedBackOff.UNLIMITED_ATTEMPTS));
        handler.setBackOffFunction((ConsumerRecord<?, ?> record, Exception failure) -> unknownOrder(failure)
                .<BackOff>map(unknown -> new FixedBackOff(interval, attempts)).orElse(null));
        handler.setClassifications(Map.of(), true);
        handler.setResetStateOnExceptionChange(true);
        handler.setRetryListeners((record, failure, attempt) -> {
            if (attempt == 1 || attempt % LOG_EVERY_ATTEMPTS == 0) {
                log.warn("handling {}-{}@{} failed (attempt {}), retrying every {}: {}", record.topic(),
                        record.partition(), record.offset(), attempt, retryInterval, rootCause(failure).toString());
            }
        });
        return handler;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The unknown order behind a listener failure (Spring Kafka wraps what the listener threw). */
    static Optional<UnknownOrderException> unknownOrder(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownOrderException unknown) {
                return Optional.of(unknown);
            }
        }
        return Optional.empty();
    }
}
