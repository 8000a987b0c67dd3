package io.seckill.order.api;

import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.id.Ids;
import io.seckill.common.messaging.Topics;
import io.seckill.order.testing.EventProducer;
import io.seckill.testsupport.ServiceClient;
import io.seckill.testsupport.TopicReader;
import io.seckill.testsupport.EmbeddedMariaDb;
import io.seckill.testsupport.EmbeddedMqBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service on a random port against the JVM's embedded MariaDB and mq-broker, with a payment timeout of
 * {@link #PAYMENT_TIMEOUT} given as command-line arguments. Every IT class extends this and so shares one
 * application context (one schema, one set of consumers); tests isolate by fresh activity, order and payment ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = {
        "--seckill.order.payment-timeout=PT5S",
        "--seckill.order.consumers.retry-interval=PT0.5S",
        "--seckill.order.consumers.unknown-order-patience=PT2S"})
abstract class OrderServiceSupport {

    static final String SECRET = "it-internal-secret";
    static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(5);
    static final long PRICE_CENTS = 49_900;
    /** Partitions of every business topic in these tests (test-support's EmbeddedMqBroker). */
    static final int PARTITIONS = 3;
    static final JsonMapper JSON = JsonMapper.builder().build();

    final EventProducer events = new EventProducer();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void embeddedServers(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> EmbeddedMariaDb.shared().newSchemaUrl("orders"));
        registry.add("spring.kafka.bootstrap-servers", () -> EmbeddedMqBroker.shared().bootstrapServers());
        registry.add("seckill.internal.secret", () -> SECRET);
    }

    @AfterEach
    void closeProducer() {
        events.close();
    }

    /** A caller coming through the gateway without a user. */
    ServiceClient anonymous() {
        return ServiceClient.anonymous(port, SECRET);
    }

    /** A client acting as {@code userId} with the USER role, as the gateway forwards it. */
    ServiceClient user(String userId) {
        return anonymous().as(userId, "USER");
    }

    /** Sends the reservation inventory-service would publish for a new order; returns it. */
    SeckillReserved reserve(String activityId, String userId) {
        SeckillReserved reserved = new SeckillReserved(Ids.next(), activityId, userId, PRICE_CENTS, Instant.now());
        events.send(Topics.SECKILL_RESERVED, reserved.orderId(), reserved);
        return reserved;
    }

    /** The payment payment-service would publish for the order. */
    static PaymentSucceeded payment(SeckillReserved order) {
        return new PaymentSucceeded(Ids.next(), order.orderId(), order.userId(), order.priceCents(), Instant.now());
    }

    /** Sends {@code payment} to {@code payment.succeeded}. */
    void pay(PaymentSucceeded payment) {
        events.send(Topics.PAYMENT_SUCCEEDED, payment.orderId(), payment);
    }

    /** Status of each order of the activity, by order id. */
    Map<String, String> statuses(String activityId) {
        return jdbc.queryForList("SELECT order_id, status FROM orders WHERE activity_id = ?", activityId).stream()
                .collect(Collectors.toMap(row -> (String) row.get("order_id"), row -> (String) row.get("status")));
    }

    /** Waits until the activity has {@code count} orders; returns their statuses. */
    Map<String, String> awaitOrders(String activityId, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> statuses(activityId).size() >= count);
        Map<String, String> statuses = statuses(activityId);
        assertThat(statuses).hasSize(count);
        return statuses;
    }

    /**
     * The events of type {@code type} on {@code topic} that {@code keep} accepts, read from the start once
     * {@code expected} are there plus a few seconds (to catch any that should not be), or after a minute.
     */
    static <T> List<T> published(String topic, Class<T> type, Predicate<T> keep, int expected) {
        return publishedRecords(topic, type, keep, expected).stream().map(record -> parse(record, type)).toList();
    }

    /** {@link #published} as records, e.g. to copy them with their headers. */
    static <T> List<ConsumerRecord<byte[], byte[]>> publishedRecords(String topic, Class<T> type,
                                                                     Predicate<T> keep, int expected) {
        return TopicReader.read(EmbeddedMqBroker.shared().bootstrapServers(), topic, record -> {
            T event = parse(record, type);
            return event != null && keep.test(event);
        }, records -> records.size() >= expected, Duration.ofSeconds(3), Duration.ofSeconds(60));
    }

    private static <T> T parse(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        if (record.value() == null) {
            return null;
        }
        try {
            return JSON.readValue(record.value(), type);
        } catch (JacksonException e) {
            return null;
        }
    }
}
