package io.seckill.payment.infra.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.PaymentRefundRequested;
import io.seckill.common.messaging.Topics;
import io.seckill.payment.domain.PaymentRefunds;
import io.seckill.payment.domain.RefundOutcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Consumes {@code payment.refund-requested} and refunds each payment once ({@link PaymentRefunds}); outcomes are
 * counted in {@code payment_refunds_total{outcome}}.
 *
 * <p>Offsets are committed by the container after this method returns, so after the refund; a redelivery finds the
 * payment REFUNDED and does nothing. A failing refund (provider or database down) throws and is retried by the
 * container's error handler with growing pauses, never dropped.
 *
 * <p>A malformed record (no value, not the JSON of {@link PaymentRefundRequested}) is logged with its coordinates,
 * counted ({@code payment_refunds_malformed_records_total}) and skipped: retrying cannot make it valid, and blocking
 * its partition would stop every later refund. Stateless apart from its collaborators; the container calls it from one
 * thread per partition set.
 */
public final class RefundRequestedListener {

    /** The consumer group of the refunds; every instance of the service shares it. */
    public static final String GROUP = "payment-refunds";

    private static final Logger log = LoggerFactory.getLogger(RefundRequestedListener.class);

    private final PaymentRefunds refunds;
    private final JsonMapper json;
    private final Counter malformed;
    private final Map<RefundOutcome, Counter> outcomes = new EnumMap<>(RefundOutcome.class);

    public RefundRequestedListener(PaymentRefunds refunds, JsonMapper json, MeterRegistry meters) {
        this.refunds = Objects.requireNonNull(refunds, "refunds");
        this.json = Objects.requireNonNull(json, "json");
        this.malformed = Counter.builder("payment.refunds.malformed.records")
                .description("payment.refund-requested records skipped because they are not a PaymentRefundRequested")
                .register(meters);
        for (RefundOutcome outcome : RefundOutcome.values()) {
            outcomes.put(outcome, Counter.builder("payment.refunds")
                    .description("Refund requests by what was done with them")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
    }

    /** Refunds one request; earliest offset for a new group, so no request made before the first start is missed. */
    @KafkaListener(id = GROUP, groupId = GROUP, topics = Topics.PAYMENT_REFUND_REQUESTED,
            concurrency = "${seckill.payment.refunds.concurrency:3}",
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=earliest"
            })
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        PaymentRefundRequested request = parse(record);
        if (request == null) {
            return;
        }
        try {
            outcomes.get(refunds.refund(request)).increment();
        } catch (RuntimeException e) {
            // The error handler retries quietly; say here why this partition is held back.
            log.warn("refund of payment {} (order {}) failed and will be retried: {}", request.paymentId(),
                    request.orderId(), e.toString());
            throw e;
        }
    }

    private PaymentRefundRequested parse(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return skip(record, "no value");
        }
        try {
            return json.readValue(record.value(), PaymentRefundRequested.class);
        } catch (JacksonException e) {
            return skip(record, e.getOriginalMessage());
        }
    }

    private PaymentRefundRequested skip(ConsumerRecord<byte[], byte[]> record, String reason) {
        malformed.increment();
        log.error("skipping malformed {} record at {}-{}@{}: {}", Topics.PAYMENT_REFUND_REQUESTED, record.topic(),
                record.partition(), record.offset(), reason);
        return null;
    }
}
