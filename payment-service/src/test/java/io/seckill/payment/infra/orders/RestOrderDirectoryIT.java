package io.seckill.payment.infra.orders;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.payment.PaymentProperties;
import io.seckill.payment.domain.OrderStatus;
import io.seckill.payment.infra.resilience.ResilienceRegistries;
import io.seckill.payment.infra.resilience.TimeLimitedCalls;
import io.seckill.payment.testing.FakeOrderService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The order-service client alone, against the fake order-service: what it retries, and what it refuses at once. */
class RestOrderDirectoryIT {

    private static final FakeOrderService ORDERS = FakeOrderService.start("directory-secret");
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private final ResilienceRegistries resilience = ResilienceRegistries.withMetrics(new SimpleMeterRegistry());

    @AfterEach
    void normalAgain() {
        ORDERS.behave(FakeOrderService.Behaviour.NORMAL);
    }

    @AfterAll
    static void stopThreads() {
        THREADS.close();
    }

    @Test
    void orderIsReadWithTheInternalCredential() {
        ORDERS.putOrder("o-read", "u1", "PENDING_PAYMENT", 1_999);

        assertThat(directory(ORDERS.url(), "directory-secret", 8).find("o-read")).hasValueSatisfying(order -> {
            assertThat(order.userId()).isEqualTo("u1");
            assertThat(order.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
            assertThat(order.amountCents()).isEqualTo(1_999);
        });
    }

    @Test
    void unreachableOrderServiceIsRetriedThenBusy() throws Exception {
        String nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = "http://127.0.0.1:" + socket.getLocalPort();
        }
        RestOrderDirectory directory = directory(nobody, "directory-secret", 8);

        assertBusy(() -> directory.find("o-any"));
        assertThat(resilience.retries().retry("order-service").getMetrics().getNumberOfFailedCallsWithRetryAttempt())
                .isEqualTo(1);
    }

    @Test
    void refusedCredentialIsNotRetried() {
        ORDERS.putOrder("o-refused", "u1", "PENDING_PAYMENT", 1);

        assertBusy(() -> directory(ORDERS.url(), "wrong-secret", 8).find("o-refused"));
        assertThat(ORDERS.hits("o-refused")).isEqualTo(1);
    }

    @Test
    void fullBulkheadRefusesAtOnce() {
        ORDERS.putOrder("o-full", "u1", "PENDING_PAYMENT", 1);
        RestOrderDirectory directory = directory(ORDERS.url(), "directory-secret", 1);
        ORDERS.behave(FakeOrderService.Behaviour.HANG);
        CompletableFuture<?> holder = CompletableFuture.runAsync(() -> directory.find("o-full"), THREADS);
        await().atMost(Duration.ofSeconds(5)).until(() -> ORDERS.hits("o-full") == 1);

        assertBusy(() -> directory.find("o-full"));
        assertThat(ORDERS.hits("o-full")).isEqualTo(1);
        ORDERS.behave(FakeOrderService.Behaviour.NORMAL);
        holder.handle((ok, failure) -> null).join();
    }

    private RestOrderDirectory directory(String url, String secret, int maxConcurrentCalls) {
        PaymentProperties.Retry retry = new PaymentProperties.Retry(2, Duration.ofMillis(20), 2);
        return new RestOrderDirectory(RestClient.builder().baseUrl(url).build(), secret, new TimeLimitedCalls(THREADS),
                resilience.timeLimiter("order-service", Duration.ofSeconds(2), true),
                resilience.circuitBreaker("order-service",
                        new PaymentProperties.CircuitBreaker(10, 10, 50, Duration.ofSeconds(5), 1)),
                resilience.retry("order-service", retry, RestOrderDirectory::isRetryable),
                resilience.bulkhead("order-service", new PaymentProperties.Bulkhead(maxConcurrentCalls, Duration.ZERO)));
    }

    private static void assertBusy(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
    }
}
