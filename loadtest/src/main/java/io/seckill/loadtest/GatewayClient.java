package io.seckill.loadtest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The gateway's API (API.md) over one JDK {@link HttpClient} speaking HTTP/1.1 with keep-alive. At most
 * {@code connections} exchanges are in flight at once (a fair semaphore), so the pool never holds more connections
 * than that; callers block in virtual threads, the client's own work runs on a small fixed executor.
 *
 * <p>Thread-safe. The seckill call never throws; the setup and admin calls throw {@link LoadTestException}.
 */
public final class GatewayClient implements AutoCloseable {

    private static final int ADMIN_ATTEMPTS = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http;
    private final ExecutorService executor;
    private final Semaphore connections;
    private final Duration requestTimeout;

    public GatewayClient(URI base, int connections, Duration requestTimeout) {
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.connections = new Semaphore(connections, true);
        // Two threads suffice: they only hand bytes between the selector and the virtual threads waiting in send().
        this.executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("http-", 0).factory());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** One answer: status ({@link Outcome#NO_RESPONSE} without one), body, and the Retry-After seconds if any. */
    public record Reply(int status, String body, long retryAfterSeconds) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The problem+json {@code code}, or null. */
        public String code() {
            if (body == null || body.isEmpty() || status < 400) {
                return null;
            }
            return member("code");
        }

        /** A string member of a JSON body, or null (also when the body is not JSON: a proxy's error page). */
        public String member(String name) {
            try {
                JsonNode value = json().path(name);
                return value.isString() ? value.asString() : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    public Reply send(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(Outcome.NO_RESPONSE, "interrupted", 0);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(0);
            return new Reply(response.statusCode(), response.body(), retryAfter);
        } catch (IOException e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Reply(Outcome.NO_RESPONSE, reason, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(Outcome.NO_RESPONSE, "interrupted", 0);
        } finally {
            connections.release();
        }
    }

    public String userToken(String userId) {
        return token(Map.of("userId", userId));
    }

    public String adminToken(String adminKey) {
        return token(Map.of("userId", "loadtest-admin", "adminKey", adminKey));
    }

    private String token(Map<String, String> body) {
        Reply reply = send("POST", "/api/auth/token", null, body);
        if (reply.status() == 403) {
            throw new LoadTestException("the gateway refused the admin key (403): check --admin-key / SECKILL_AUTH_ADMIN_KEY");
        }
        return expect(reply, 200, "POST /api/auth/token").json().path("token").asString();
    }

    /** POST /api/admin/activities; the activity as created (201). */
    public JsonNode createActivity(String adminToken, Map<String, Object> activity) {
        return expect(send("POST", "/api/admin/activities", adminToken, activity), 201, "POST /api/admin/activities")
                .json();
    }

    public void warmUp(String adminToken, String activityId) {
        expect(send("POST", "/api/admin/activities/" + activityId + "/warmup", adminToken, null), 204,
                "POST /api/admin/activities/{id}/warmup");
    }

    public JsonNode activity(String activityId) {
        return expect(retrying("GET", "/api/activities/" + activityId, null), 200, "GET /api/activities/{id}").json();
    }

    public JsonNode stock(String adminToken, String activityId) {
        return expect(retrying("GET", "/api/admin/activities/" + activityId + "/stock", adminToken), 200,
                "GET /api/admin/activities/{id}/stock").json();
    }

    public JsonNode orderSummary(String adminToken, String activityId) {
        return expect(retrying("GET", "/api/admin/activities/" + activityId + "/orders/summary", adminToken), 200,
                "GET /api/admin/activities/{id}/orders/summary").json();
    }

    /** The order as its owner sees it; empty while it does not exist yet (404). */
    public Optional<JsonNode> order(String token, String orderId) {
        Reply reply = retrying("GET", "/api/orders/" + orderId, token);
        return reply.status() == 404 ? Optional.empty()
                : Optional.of(expect(reply, 200, "GET /api/orders/{id}").json());
    }

    /** The admin view of an order's payment; empty if the order has none (404). */
    public Optional<JsonNode> payment(String adminToken, String orderId) {
        Reply reply = retrying("GET", "/api/admin/payments?orderId="
                + URLEncoder.encode(orderId, StandardCharsets.UTF_8), adminToken);
        return reply.status() == 404 ? Optional.empty()
                : Optional.of(expect(reply, 200, "GET /api/admin/payments?orderId=").json());
    }

    /** Reads are idempotent: a 5xx or a lost connection is tried again, with a short pause. */
    private Reply retrying(String method, String path, String token) {
        Reply reply = null;
        for (int attempt = 1; attempt <= ADMIN_ATTEMPTS; attempt++) {
            reply = send(method, path, token, null);
            if (reply.status() != Outcome.NO_RESPONSE && reply.status() < 500) {
                return reply;
            }
            pause(200L * attempt);
        }
        return reply;
    }

    private Reply expect(Reply reply, int status, String what) {
        if (reply.status() != status) {
            throw new LoadTestException(what + " at " + base + " answered " + (reply.status() == Outcome.NO_RESPONSE ? "nothing"
                    : reply.status()) + ": " + abbreviate(reply.body()));
        }
        return reply;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadTestException("interrupted", e);
        }
    }

    public URI base() {
        return base;
    }

    @Override
    public void close() {
        http.close();
        executor.shutdownNow();
    }
}
