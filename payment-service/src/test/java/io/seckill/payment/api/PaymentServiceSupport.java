package io.seckill.payment.api;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.id.Ids;
import io.seckill.common.messaging.Topics;
import io.seckill.payment.domain.PaymentRepository;
import io.seckill.payment.domain.ProviderBooks;
import io.seckill.payment.infra.provider.SimulatedPaymentProvider;
import io.seckill.payment.infra.resilience.ResilienceRegistries;
import io.seckill.payment.testing.FakeOrderService;
import io.seckill.testsupport.ServiceClient;
import io.seckill.testsupport.TopicReader;
import io.seckill.testsupport.EmbeddedMariaDb;
import io.seckill.testsupport.EmbeddedMqBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a random port against the JVM's embedded MariaDB and mq-broker, with {@link FakeOrderService}
 * standing in for order-service; every IT class extends this, so they share one application context (and one
 * schema). Tests isolate by fresh order ids; those that break a collaborator restore it after each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class PaymentServiceSupport {

    static final String SECRET = "it-internal-secret";
    static final FakeOrderService ORDERS = FakeOrderService.start(SECRET);
    /**
     * Test-sized order-service resilience: 1.5 s per attempt (generous: the machine is shared, and 20 concurrent
     * requests must not time out), 2 attempts, a breaker over the last 6 attempts (3 failed requests open it).
     */
    static final Duration ORDER_TIMEOUT = Duration.ofMillis(1_500);
    static final int BREAKER_WINDOW = 6;
    static final Duration ORDER_BACKOFF = Duration.ofMillis(50);
    static final Duration BREAKER_OPEN = Duration.ofSeconds(1);
    static final SimulatedPaymentProvider.Simulation PROVIDER_NORMALLY =
            new SimulatedPaymentProvider.Simulation(Duration.ofMillis(10), 0, 0);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    SimulatedPaymentProvider provider;

    @Autowired
    ProviderBooks providerBooks;

    @Autowired
    PaymentRepository payments;

    @Autowired
    ResilienceRegistries resilience;

    @DynamicPropertySource
    static void embeddedServers(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> EmbeddedMariaDb.shared().newSchemaUrl("payments"));
        registry.add("spring.kafka.bootstrap-servers", () -> EmbeddedMqBroker.shared().bootstrapServers());
        registry.add("seckill.internal.secret", () -> SECRET);
        registry.add("seckill.payment.order-service.url", ORDERS::url);
        registry.add("seckill.payment.order-service.timeout", ORDER_TIMEOUT::toString);
        registry.add("seckill.payment.order-service.retry.max-attempts", () -> 2);
        registry.add("seckill.payment.order-service.retry.initial-backoff", ORDER_BACKOFF::toString);
        registry.add("seckill.payment.order-service.circuit-breaker.sliding-window-size", () -> BREAKER_WINDOW);
        registry.add("seckill.payment.order-service.circuit-breaker.minimum-calls", () -> BREAKER_WINDOW);
        registry.add("seckill.payment.order-service.circuit-breaker.open-duration", BREAKER_OPEN::toString);
        registry.add("seckill.payment.order-service.circuit-breaker.half-open-calls", () -> 1);
        registry.add("seckill.payment.provider.latency", () -> PROVIDER_NORMALLY.latency().toString());
        registry.add("seckill.payment.provider.timeout", () -> "PT1S");
        registry.add("seckill.payment.provider.retry.initial-backoff", () -> "PT0.02S");
        registry.add("seckill.payment.charge.lease", () -> "PT10S");
        registry.add("seckill.payment.charge.in-progress-wait", () -> "PT10S");
        registry.add("seckill.payment.refunds.retry-interval", () -> "PT0.2S");
        registry.add("seckill.payment.refunds.max-retry-interval", () -> "PT0.5S");
    }

    /** Whatever a test broke is whole again for the next one. */
    @AfterEach
    void restoreCollaborators() {
        ORDERS.behave(FakeOrderService.Behaviour.NORMAL);
        provider.simulate(PROVIDER_NORMALLY);
        orderServiceBreaker().reset();
    }

    CircuitBreaker orderServiceBreaker() {
        return resilience.circuitBreakers().circuitBreaker("order-service");
    }

    /** A new order of {@code userId} as order-service would report it; returns its id. */
    static String newOrder(String userId, String status, long amountCents) {
        String orderId = Ids.next();
        ORDERS.putOrder(orderId, userId, status, amountCents);
        return orderId;
    }

    /** A caller coming through the gateway without a user. */
    ServiceClient anonymous() {
        return ServiceClient.anonymous(port, SECRET);
    }

    /** A client acting as {@code userId} with the USER role, as the gateway forwards it. */
    ServiceClient user(String userId) {
        return anonymous().as(userId, "USER");
    }

    HttpResponse<String> pay(String userId, String orderId) {
        return user(userId).post("/api/payments", ServiceClient.toJson(Map.of("orderId", orderId)));
    }

    /** Pays the order and returns the payment id, asserting the 200. */
    String paid(String userId, String orderId) {
        HttpResponse<String> response = pay(userId, orderId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ServiceClient.json(response).get("paymentId").asString();
    }

    /** The {@code payment.succeeded} events of the order consumers see, after {@code settle} of quiet. */
    static List<PaymentSucceeded> succeededEvents(String orderId, int expected, Duration settle) {
        byte[] key = orderId.getBytes(StandardCharsets.UTF_8);
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.read(EmbeddedMqBroker.shared().bootstrapServers(),
                Topics.PAYMENT_SUCCEEDED, record -> record.key() != null && java.util.Arrays.equals(record.key(), key),
                kept -> kept.size() >= expected, settle, Duration.ofSeconds(30));
        return records.stream().map(record -> JSON.readValue(record.value(), PaymentSucceeded.class)).toList();
    }

    static String problemCode(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        return ServiceClient.json(response).get("code").asString();
    }
}
