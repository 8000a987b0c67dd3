package io.seckill.gateway;

import java.io.IOException;
import java.net.Socket;
import io.seckill.gateway.testing.GatewayClient;
import io.seckill.testsupport.EmbeddedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stops in the middle: the limiter must keep limiting from this instance's memory (never fail open), say so
 * in health and metrics, and go back to Redis when it returns.
 */
class RedisOutageIT extends GatewaySupport {

    @AfterEach
    void redisRunsAgain() {
        if (!redisAnswers()) {
            EmbeddedRedis.shared().start();
        }
    }

    @Test
    void limiterFallsBackToLocalBucketsWhileRedisIsDownAndRecovers() {
        GatewayClient before = user(newUser());
        assertThat(before.post("/api/payments", "{}").statusCode()).isEqualTo(200);
        assertThat(health()).contains("\"store\":\"redis\"");

        EmbeddedRedis.shared().stop();
        GatewayClient during = user(newUser());
        for (int i = 0; i < USER_BURST; i++) {
            assertThat(during.post("/api/payments", "{}").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = during.post("/api/payments", "{}");
        assertProblem(refused, 429, "RATE_LIMITED");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(health()).contains("\"status\":\"DEGRADED\"").contains("\"store\":\"local\"");
        assertThat(localDecisions("denied")).isGreaterThanOrEqualTo(1);
        assertThat(prometheus()).contains("seckill_gateway_ratelimit_local{application=\"gateway\"} 1.0");

        EmbeddedRedis.shared().start();
        GatewayClient after = user(newUser());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            after.get("/api/orders");
            assertThat(after.post("/api/payments", "{}").statusCode()).isIn(200, 429);
            assertThat(health()).contains("\"store\":\"redis\"");
        });
        assertThat(prometheus()).contains("seckill_gateway_ratelimit_local{application=\"gateway\"} 0.0");
    }

    /**
     * Redis stays up but stops answering (CLIENT PAUSE): the Redis client's command timeout, which the gateway sets
     * from the limiter's redis-timeout, ends the call, and the request is decided locally long before Redis answers
     * again. Without that timeout the request would wait for the whole pause.
     */
    @Test
    void limiterDecidesLocallyWhenRedisStopsAnsweringInsteadOfWaitingForIt() throws IOException {
        GatewayClient client = user(newUser());
        assertThat(client.post("/api/payments", "{}").statusCode()).isEqualTo(200);

        long pauseMs = 10_000;
        pauseRedis(pauseMs);
        long start = System.nanoTime();
        HttpResponse<String> during = client.post("/api/payments", "{}");
        long waitedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(during.statusCode()).isEqualTo(200);
        assertThat(waitedMs).as("the request waited for the paused Redis").isLessThan(pauseMs / 2);
        assertThat(health()).contains("\"store\":\"local\"");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            user(newUser()).post("/api/payments", "{}");
            assertThat(health()).contains("\"store\":\"redis\"");
        });
    }

    /** CLIENT PAUSE over a raw connection: every client's commands wait, this one's answer comes at once. */
    private static void pauseRedis(long millis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", EmbeddedRedis.shared().port())) {
            socket.getOutputStream().write(("CLIENT PAUSE " + millis + " ALL\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] reply = new byte[5];
            int read = socket.getInputStream().readNBytes(reply, 0, reply.length);
            assertThat(new String(reply, 0, read, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        }
    }

    private String health() {
        return anonymous().get("/actuator/health").body();
    }

    private String prometheus() {
        return anonymous().get("/actuator/prometheus").body();
    }

    private double localDecisions(String outcome) {
        String prefix = "seckill_gateway_ratelimit_decisions_total{application=\"gateway\",bucket=\"user\",outcome=\""
                + outcome + "\",store=\"local\"} ";
        return prometheus().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).sum();
    }

    private static boolean redisAnswers() {
        try (Socket socket = new Socket("127.0.0.1", EmbeddedRedis.shared().port())) {
            return socket.isConnected();
        } catch (IOException e) {
            return false;
        }
    }
}
