package io.seckill.gateway.testing;

import java.util.HashMap;
import java.util.Locale;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for one service: a real HTTP server on a free port that records every request it sees and answers
 * {@code {"service":name}} (200), or fails (500), or hangs, as a test asks. Thread-safe.
 */
public final class StubBackend {

    /** How the stub answers. */
    public enum Mode { OK, FAIL, HANG }

    /** What reached the stub: method, path, headers (lower-case names), body. */
    public record Seen(String method, String path, Map<String, List<String>> headers, String body) {

        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }

    private final String name;
    private final HttpServer server;
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(0);

    private StubBackend(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** A started stub named {@code name}. */
    public static StubBackend start(String name) {
        try {
            return new StubBackend(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stub's base URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request seen so far. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The requests carrying the given request id. */
    public List<Seen> seenWithRequestId(String requestId) {
        return seen.stream().filter(s -> requestId.equals(s.header("X-Request-Id"))).toList();
    }

    /** Answers normally again and releases hanging requests. */
    public void answerNormally() {
        mode.set(Mode.OK);
        failuresLeft.set(0);
        release.countDown();
    }

    /** Answers every request with 500. */
    public void fail() {
        mode.set(Mode.FAIL);
    }

    /** Answers the next {@code count} requests with 503, then normally. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /** Holds every request without answering until {@link #answerNormally()} (or 30 s). */
    public void hang() {
        release = new CountDownLatch(1);
        mode.set(Mode.HANG);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((key, values) ->
                headers.put(key.toLowerCase(Locale.ROOT), List.copyOf(values)));
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body));
        Mode current = mode.get();
        if (current == Mode.HANG) {
            awaitRelease();
        }
        int status = current == Mode.FAIL ? 500 : failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
        byte[] answer = ("{\"service\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException gatewayGaveUp) {
            // The gateway timed out and closed the connection: nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
