package io.seckill.payment.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for order-service in this module's integration tests: a real HTTP server (JDK) serving
 * {@code GET /internal/orders/{orderId}} from orders the tests put, and refusing requests without the internal
 * credential. It can be told to hang or to fail with 500, and counts the requests per order, so that tests see
 * timeouts, retries and the circuit breaker from the outside. One per test JVM; thread-safe.
 */
public final class FakeOrderService {

    private static final String PATH = "/internal/orders/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How the fake answers every request. */
    public enum Behaviour {
        /** 200 with the order, or 404. */
        NORMAL,
        /** Never answers (until told otherwise, or 30 s). */
        HANG,
        /** 500. */
        FAIL
    }

    private final HttpServer server;
    private final String secret;
    private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    private volatile CountDownLatch hung = new CountDownLatch(1);

    private FakeOrderService(String secret) {
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** A running fake that accepts {@code secret} as the internal credential. */
    public static FakeOrderService start(String secret) {
        return new FakeOrderService(secret);
    }

    /** Its base URL, {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Puts (or replaces) an order as order-service would answer it. */
    public void putOrder(String orderId, String userId, String status, long amountCents) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderId", orderId);
        order.put("activityId", "activity-it");
        order.put("userId", userId);
        order.put("status", status);
        order.put("amountCents", amountCents);
        order.put("createdAt", Instant.now().toString());
        order.put("paidAt", null);
        order.put("cancelledAt", null);
        orders.put(orderId, order);
    }

    /** Answers from now on as told; hung requests are released when it stops hanging. */
    public void behave(Behaviour next) {
        behaviour = next;
        if (next != Behaviour.HANG) {
            hung.countDown();
            hung = new CountDownLatch(1);
        }
    }

    /** Requests received for {@code orderId} so far. */
    public int hits(String orderId) {
        AtomicInteger count = hits.get(orderId);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String orderId = exchange.getRequestURI().getPath().substring(PATH.length());
            hits.computeIfAbsent(orderId, id -> new AtomicInteger()).incrementAndGet();
            if (!secret.equals(exchange.getRequestHeaders().getFirst("X-Internal-Auth"))) {
                respond(exchange, 401, "{\"code\":\"UNAUTHORIZED\"}");
                return;
            }
            switch (behaviour) {
                case HANG -> {
                    awaitRelease();
                    respond(exchange, 503, "{\"code\":\"BUSY\"}");
                }
                case FAIL -> respond(exchange, 500, "{\"code\":\"INTERNAL_ERROR\"}");
                case NORMAL -> {
                    Map<String, Object> order = orders.get(orderId);
                    if (order == null) {
                        respond(exchange, 404, "{\"code\":\"NOT_FOUND\"}");
                    } else {
                        respond(exchange, 200, JSON.writeValueAsString(order));
                    }
                }
            }
        }
    }

    private void awaitRelease() {
        try {
            hung.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
