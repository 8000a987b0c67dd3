package io.seckill.order.infra.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.OrderPaymentTimeout;
import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.messaging.Topics;
import io.seckill.mq.client.delay.DelayedMessageSender;
import io.seckill.order.domain.EventOutcome;
import io.seckill.order.domain.Order;
import io.seckill.order.domain.OrderLifecycle;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The consumers of the events that drive orders, one container and group per topic so that a record retried on one
 * topic never holds back the others: {@code seckill.reserved} (group {@value #RESERVED_GROUP}),
 * {@code order.payment-timeout} ({@value #PAYMENT_DUE_GROUP}) and {@code payment.succeeded}
 * ({@value #PAYMENT_GROUP}). Each record is handed to the {@link OrderLifecycle}, whose handlers are idempotent, so
 * a redelivery (after a crash before the offset commit, or a duplicate send) changes nothing.
 *
 * <p>A failure propagates to the container's error handler ({@link ConsumerRetries}): retried, never dropped. A
 * malformed record (no value, not the JSON of its event, ids the store cannot hold) is logged with its coordinates,
 * counted ({@code order_consumer_malformed_records_total{topic}}) and skipped: retrying cannot make it valid, and
 * blocking its partition would stop every later order. It stays readable in the topic at the logged offset.
 *
 * <p>A payment deadline is never acted on early. The coordinator delivers it when due, but the clocks of broker and
 * service may differ: a deadline up to {@link #MAX_EARLY_WAIT} early is waited for in place, an earlier one is
 * scheduled again for its due time (counted in {@code order_payment_deadlines_early_total}). Stateless apart from
 * its collaborators; the containers call it from one thread per partition set.
 */
public final class OrderEventListeners {

    /** Creates orders from {@code seckill.reserved}. */
    public static final String RESERVED_GROUP = "order-service";
    /** Cancels unpaid orders from {@code order.payment-timeout}. */
    public static final String PAYMENT_DUE_GROUP = "order-payment-timeouts";
    /** Pays orders (or requests refunds) from {@code payment.succeeded}. */
    public static final String PAYMENT_GROUP = "order-payments";
    /** The longest a deadline that arrives early is waited for on the consumer thread. */
    static final Duration MAX_EARLY_WAIT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(OrderEventListeners.class);

    private final OrderLifecycle lifecycle;
    private final DelayedMessageSender delayed;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Counter early;

    public OrderEventListeners(OrderLifecycle lifecycle, DelayedMessageSender delayed, JsonMapper json,
                               MeterRegistry meters, Clock clock) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.delayed = Objects.requireNonNull(delayed, "delayed");
        this.json = Objects.requireNonNull(json, "json");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.early = Counter.builder("order.payment.deadlines.early")
                .description("order.payment-timeout records received before their due time").register(meters);
    }

    /** Creates the order of each reservation; earliest offset for a new group, so no reservation is missed. */
    @KafkaListener(id = RESERVED_GROUP, groupId = RESERVED_GROUP, topics = Topics.SECKILL_RESERVED,
            concurrency = "${seckill.order.consumers.concurrency:3}",
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=earliest"
            })
    public void onReserved(ConsumerRecord<byte[], byte[]> record) {
        SeckillReserved reservation = parse(record, SeckillReserved.class, r -> {
            Order.requireId("orderId", r.orderId(), Order.MAX_ID_LENGTH);
            Order.requireId("activityId", r.activityId(), Order.MAX_ID_LENGTH);
            Order.requireId("userId", r.userId(), Order.MAX_USER_ID_LENGTH);
        });
        if (reservation != null) {
            EventOutcome outcome = lifecycle.onReserved(reservation);
            count(Topics.SECKILL_RESERVED, outcome);
            log.debug("order {}: {}", reservation.orderId(), outcome);
        }
    }

    /** Cancels the order if it is still unpaid at its deadline. */
    @KafkaListener(id = PAYMENT_DUE_GROUP, groupId = PAYMENT_DUE_GROUP, topics = Topics.ORDER_PAYMENT_TIMEOUT,
            concurrency = "${seckill.order.consumers.concurrency:3}",
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=earliest"
            })
    public void onPaymentDue(ConsumerRecord<byte[], byte[]> record) {
        OrderPaymentTimeout deadline = parse(record, OrderPaymentTimeout.class,
                d -> Order.requireId("orderId", d.orderId(), Order.MAX_ID_LENGTH));
        if (deadline == null) {
            return;
        }
        EventOutcome outcome = lifecycle.onPaymentDue(deadline);
        if (outcome == EventOutcome.NOT_DUE) {
            outcome = onEarlyDeadline(record, deadline);
        }
        count(Topics.ORDER_PAYMENT_TIMEOUT, outcome);
        log.debug("order {}: {}", deadline.orderId(), outcome);
    }

    /** Pays the order, or requests the payment's refund if the order cannot take it. */
    @KafkaListener(id = PAYMENT_GROUP, groupId = PAYMENT_GROUP, topics = Topics.PAYMENT_SUCCEEDED,
            concurrency = "${seckill.order.consumers.concurrency:3}",
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=earliest"
            })
    public void onPaymentSucceeded(ConsumerRecord<byte[], byte[]> record) {
        PaymentSucceeded payment = parse(record, PaymentSucceeded.class, p -> {
            Order.requireId("orderId", p.orderId(), Order.MAX_ID_LENGTH);
            Order.requireId("paymentId", p.paymentId(), Order.MAX_ID_LENGTH);
        });
        if (payment != null) {
            EventOutcome outcome = lifecycle.onPaymentSucceeded(payment);
            count(Topics.PAYMENT_SUCCEEDED, outcome);
            log.debug("order {}, payment {}: {}", payment.orderId(), payment.paymentId(), outcome);
        }
    }

    /**
     * Counts what the event did ({@code order_events_total{topic,outcome}}): the CREATED, PAID and CANCELLED rates
     * are the order state transitions the dashboards show; NO_CHANGE counts duplicates and late events.
     */
    private void count(String topic, EventOutcome outcome) {
        Counter.builder("order.events").description("events handled by order-service, by what they did to the order")
                .tag("topic", topic).tag("outcome", outcome.name()).register(meters).increment();
    }

    private EventOutcome onEarlyDeadline(ConsumerRecord<byte[], byte[]> record, OrderPaymentTimeout deadline) {
        early.increment();
        Duration earlyBy = Duration.between(clock.instant(), deadline.dueAt());
        if (earlyBy.compareTo(MAX_EARLY_WAIT) > 0) {
            log.warn("payment deadline of order {} arrived {} early; scheduled again for {}", deadline.orderId(),
                    earlyBy, deadline.dueAt());
            delayed.sendAt(new ProducerRecord<>(record.topic(), record.key(), record.value()), deadline.dueAt());
            return EventOutcome.NOT_DUE;
        }
        try {
            Thread.sleep(earlyBy.plusMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the deadline of " + deadline.orderId(), e);
        }
        EventOutcome outcome = lifecycle.onPaymentDue(deadline);
        if (outcome == EventOutcome.NOT_DUE) {
            throw new IllegalStateException("the deadline of order " + deadline.orderId() + " is still not due");
        }
        return outcome;
    }

    private <T> T parse(ConsumerRecord<byte[], byte[]> record, Class<T> type, Consumer<T> validate) {
        if (record.value() == null) {
            return skip(record, "no value");
        }
        try {
            T event = json.readValue(record.value(), type);
            if (event == null) {
                return skip(record, "the value is JSON null");
            }
            validate.accept(event);
            return event;
        } catch (JacksonException e) {
            return skip(record, e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return skip(record, e.getMessage());
        }
    }

    private <T> T skip(ConsumerRecord<byte[], byte[]> record, String reason) {
        Counter.builder("order.consumer.malformed.records")
                .description("Records skipped because they are not the event of their topic")
                .tag("topic", record.topic()).register(meters).increment();
        log.error("skipping malformed record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                reason);
        return null;
    }
}
