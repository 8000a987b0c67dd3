package io.seckill.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Warms the platform's JITs before the measured run (STACK.md: on two cores the JVMs need 30–40 s under load to
 * settle): every connection sends seckills back to back, closed loop, at a throw-away activity of one unit, so the
 * sold-out path, the rate limiter and the 202 path all run. Nothing of it is recorded or checked.
 */
final class WarmUp {

    private final GatewayClient client;
    private final String adminToken;
    private final int connections;

    WarmUp(GatewayClient client, String adminToken, int connections) {
        this.client = client;
        this.adminToken = adminToken;
        this.connections = connections;
    }

    /** Runs for {@code length}; users take turns so that no user's own rate limit is hit. Returns the requests sent. */
    long run(Duration length, List<LoadRunner.User> users) {
        Instant now = Instant.now();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Load test warm-up");
        body.put("skuId", "sku-loadtest-warmup");
        body.put("priceCents", 1);
        body.put("stock", 1);
        body.put("startsAt", now.toString());
        body.put("endsAt", now.plus(length).plus(Duration.ofHours(1)).toString());
        body.put("perUserLimit", 1);
        String activityId = client.createActivity(adminToken, body).path("activityId").asString();
        client.warmUp(adminToken, activityId);
        long deadline = System.nanoTime() + length.toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicLong sent = new AtomicLong();
        try (ProgressBar bar = ProgressBar.start("warm-up", length.toSeconds(),
                () -> length.toSeconds() - Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L),
                () -> "%,d requests (not measured)".formatted(sent.get()))) {
            FollowThrough.forEach(IntStream.range(0, connections).boxed().toList(), worker -> {
                while (System.nanoTime() < deadline) {
                    LoadRunner.User user = users.get(Math.floorMod(next.getAndIncrement(), users.size()));
                    client.send("POST", "/api/seckill/" + activityId, user.token(), null);
                    sent.incrementAndGet();
                }
            });
        }
        return sent.get();
    }
}
