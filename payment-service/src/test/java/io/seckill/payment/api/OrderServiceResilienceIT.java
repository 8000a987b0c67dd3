package io.seckill.payment.api;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.seckill.payment.testing.FakeOrderService.Behaviour;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reading orders from order-service through timeout, retry, circuit breaker and bulkhead: a hung or failing
 * order-service costs a bounded wait and answers 503 BUSY, the breaker stops the calls and lets them through again
 * once order-service recovered.
 */
class OrderServiceResilienceIT extends PaymentServiceSupport {

    /** Two attempts, each cut at the timeout, with one backoff between them. */
    private static final Duration WORST_CASE = ORDER_TIMEOUT.multipliedBy(2).plus(ORDER_BACKOFF);

    @Test
    void hungOrderServiceAnswersBusyWithinTheConfiguredTimeout() {
        String orderId = newOrder("u-hang", "PENDING_PAYMENT", 100);
        ORDERS.behave(Behaviour.HANG);

        long startNs = System.nanoTime();
        HttpResponse<String> response = pay("u-hang", orderId);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNs);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(problemCode(response)).isEqualTo("BUSY");
        assertThat(elapsed).isGreaterThanOrEqualTo(WORST_CASE.minus(ORDER_BACKOFF))
                .isLessThan(WORST_CASE.plusSeconds(2));
        assertThat(ORDERS.hits(orderId)).isEqualTo(2);
        assertThat(payments.findByOrderId(orderId)).isEmpty();
    }

    @Test
    void failingOrderServiceIsRetriedThenTheBreakerOpensAndClosesAfterRecovery() {
        String orderId = newOrder("u-fail", "PENDING_PAYMENT", 100);
        ORDERS.behave(Behaviour.FAIL);

        // Each failed request is two failed attempts (a 500 is retried); the breaker opens on the last of its window.
        for (int request = 1; request <= BREAKER_WINDOW / 2; request++) {
            assertThat(orderServiceBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertBusy(pay("u-fail", orderId));
            assertThat(ORDERS.hits(orderId)).as("a 500 is retried").isEqualTo(2 * request);
        }
        assertThat(orderServiceBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        long startNs = System.nanoTime();
        assertBusy(pay("u-fail", orderId));
        assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(ORDER_TIMEOUT);
        assertThat(ORDERS.hits(orderId)).as("an open circuit calls nobody").isEqualTo(BREAKER_WINDOW);

        ORDERS.behave(Behaviour.NORMAL);
        await().atMost(BREAKER_OPEN.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> pay("u-fail", orderId).statusCode() == 200);
        assertThat(orderServiceBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(providerBooks.bookedFor(orderId).charges()).isEqualTo(1);
    }

    @Test
    void unknownOrderIsAnAnswerNeitherRetriedNorAFailure() {
        String orderId = "unknown-" + newOrder("u-404", "PENDING_PAYMENT", 100);

        for (int i = 0; i < 2 * BREAKER_WINDOW; i++) {
            assertThat(pay("u-404", orderId).statusCode()).isEqualTo(404);
        }

        assertThat(ORDERS.hits(orderId)).isEqualTo(2 * BREAKER_WINDOW);
        assertThat(orderServiceBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private static void assertBusy(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(problemCode(response)).isEqualTo("BUSY");
    }
}
