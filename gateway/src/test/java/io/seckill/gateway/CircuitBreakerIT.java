package io.seckill.gateway;

import java.util.function.Supplier;
import io.seckill.gateway.testing.GatewayClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-route breakers: a hanging or failing service gets 503 BUSY within the route's time limit, the breaker opens
 * (calls stop reaching the service) and closes again after recovery; only GETs are retried.
 */
class CircuitBreakerIT extends GatewaySupport {

    /** Slack for scheduling on a busy machine, on top of the route's time limit. */
    private static final long SLACK_MS = 700;

    @AfterEach
    void servicesRecover() {
        PAYMENT.answerNormally();
        ORDER.answerNormally();
    }

    @Test
    void hangingServiceGetsBusyWithinTheTimeoutThenTheBreakerOpensAndClosesAfterRecovery() {
        PAYMENT.hang();
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = user(newUser()).post("/api/payments", "{}");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertProblem(response, 503, "BUSY");
            assertThat(elapsedMs).isLessThan(PAYMENT_TIMEOUT_MS + SLACK_MS);
        }
        assertOpenAndRecovers("payment", () -> user(newUser()).post("/api/payments", "{}"));
    }

    @Test
    void failingServiceOpensTheBreaker() {
        PAYMENT.fail();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = user(newUser()).post("/api/payments", "{}");
            assertThat(response.statusCode()).isIn(500, 503);
        }
        assertOpenAndRecovers("payment", () -> user(newUser()).post("/api/payments", "{}"));
    }

    @Test
    void failedGetIsRetriedButFailedPostIsNot() {
        GatewayClient client = user(newUser());
        String getId = newRequestId();
        ORDER.failNext(1);
        HttpResponse<String> read = client.withHeader("X-Request-Id", getId).get("/api/orders");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(ORDER.seenWithRequestId(getId)).hasSize(2);

        String postId = newRequestId();
        PAYMENT.failNext(1);
        HttpResponse<String> write = client.withHeader("X-Request-Id", postId).post("/api/payments", "{}");
        assertThat(write.statusCode()).isEqualTo(503);
        assertThat(PAYMENT.seenWithRequestId(postId)).hasSize(1);
    }

    private void assertOpenAndRecovers(String breaker, Supplier<HttpResponse<String>> call) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(prometheus()).contains(state(breaker, "open") + " 1.0"));
        int seenBefore = PAYMENT.seen().size();
        long start = System.nanoTime();
        HttpResponse<String> refused = call.get();
        assertProblem(refused, 503, "BUSY");
        assertThat(GatewayClient.json(refused).get("detail").asString()).contains("circuit open");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(PAYMENT_TIMEOUT_MS);
        assertThat(PAYMENT.seen()).hasSize(seenBefore);

        PAYMENT.answerNormally();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertThat(call.get().statusCode()).isEqualTo(200);
            assertThat(prometheus()).contains(state(breaker, "closed") + " 1.0");
        });
    }

    private static String state(String breaker, String state) {
        return "name=\"" + breaker + "\",state=\"" + state + "\"}";
    }

    private String prometheus() {
        return anonymous().get("/actuator/prometheus").body();
    }
}
