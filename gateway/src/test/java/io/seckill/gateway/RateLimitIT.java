package io.seckill.gateway;

import io.seckill.gateway.testing.GatewayClient;
import io.seckill.testsupport.ConcurrentCalls;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The two levels of Redis token buckets, seen from clients. */
class RateLimitIT extends GatewaySupport {

    @Test
    void userOverTheLimitGets429WithHeadersWhileOthersPass() {
        GatewayClient greedy = user(newUser());
        for (int i = 0; i < USER_BURST; i++) {
            assertThat(greedy.post("/api/payments", "{}").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = greedy.post("/api/payments", "{}");

        assertProblem(refused, 429, "RATE_LIMITED");
        assertThat(GatewayClient.json(refused).get("bucket").asString()).isEqualTo("user");
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(refused.headers().firstValue("X-RateLimit-Replenish-Rate")).hasValue("1");
        assertThat(refused.headers().firstValue("X-RateLimit-Burst-Capacity")).hasValue(Integer.toString(USER_BURST));
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(user(newUser()).post("/api/payments", "{}").statusCode()).isEqualTo(200);
        // Reads are not rate limited: the greedy user still reads.
        assertThat(greedy.get("/api/orders").statusCode()).isEqualTo(200);
    }

    @Test
    void userBucketRefillsAtItsRate() throws InterruptedException {
        GatewayClient client = user(newUser());
        for (int i = 0; i < USER_BURST; i++) {
            client.post("/api/payments", "{}");
        }
        assertThat(client.post("/api/payments", "{}").statusCode()).isEqualTo(429);
        Thread.sleep((long) (1000 / USER_RATE) + 100);
        assertThat(client.post("/api/payments", "{}").statusCode()).isEqualTo(200);
        assertThat(client.post("/api/payments", "{}").statusCode()).isEqualTo(429);
    }

    /**
     * Many users hammer one activity for a few seconds: the seckills let through converge to the activity's burst
     * plus its rate times the duration (generous slack: the point is that the bucket, not the users, sets the pace),
     * and the inventory stub sees exactly the accepted ones.
     *
     * <p>Each thread rotates through users of its own, using each at most its burst in a row, so that the per-user
     * buckets never shape the demand: with one user per thread, all users' tokens come back in the same instants
     * and reach the activity as waves larger than its burst, which would lose refill that a steady crowd uses.
     */
    @Test
    void activityBucketLetsThroughItsConfiguredRateAcrossConcurrentUsers() {
        int threads = 40;
        int usersPerThread = 10;
        long durationMs = 3_000;
        List<List<GatewayClient>> crowds = IntStream.range(0, threads).mapToObj(i -> IntStream.range(0, usersPerThread)
                .mapToObj(j -> user(newUser())).toList()).toList();
        long before = INVENTORY.seen().stream().filter(s -> s.path().endsWith(LIMITED_ACTIVITY)).count();
        long start = System.nanoTime();
        List<int[]> counts = ConcurrentCalls.run(threads, threads, i -> hammer(crowds.get(i), start, durationMs));
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;

        int accepted = counts.stream().mapToInt(c -> c[0]).sum();
        int activityRefusals = counts.stream().mapToInt(c -> c[1]).sum();
        double expected = LIMITED_ACTIVITY_BURST + LIMITED_ACTIVITY_RATE * elapsedSeconds;
        assertThat((double) accepted).as("accepted in %.1f s", elapsedSeconds)
                .isBetween(expected * 0.7, expected * 1.3);
        assertThat(activityRefusals).as("seckills refused by the activity's bucket").isPositive();
        long reached = INVENTORY.seen().stream().filter(s -> s.path().endsWith(LIMITED_ACTIVITY)).count() - before;
        assertThat(reached).isEqualTo(accepted);
    }

    @Test
    void userRefusedByItsOwnBucketTakesNothingFromTheActivity() {
        GatewayClient greedy = user(newUser());
        String activity = "act-" + newUser();
        for (int i = 0; i < USER_BURST + 1; i++) {
            greedy.post("/api/seckill/" + activity, "{}");
        }
        HttpResponse<String> refused = greedy.post("/api/seckill/" + activity, "{}");
        assertThat(GatewayClient.json(refused).get("bucket").asString()).isEqualTo("user");
        assertThat(INVENTORY.seen().stream().filter(s -> s.path().endsWith(activity)).count()).isEqualTo(USER_BURST);
    }

    /**
     * Seckills from a crowd of users, each used {@link #USER_BURST} times in turn, until {@code durationMs} after
     * {@code start}: {accepted, refused by the activity}.
     */
    private static int[] hammer(List<GatewayClient> crowd, long start, long durationMs) {
        int[] counts = new int[2];
        for (int sent = 0; System.nanoTime() - start < durationMs * 1_000_000; sent++) {
            GatewayClient client = crowd.get(sent / USER_BURST % crowd.size());
            HttpResponse<String> response = client.post("/api/seckill/" + LIMITED_ACTIVITY, "{}");
            if (response.statusCode() == 200) {
                counts[0]++;
            } else if (response.statusCode() == 429 && response.body().contains("\"activity\"")) {
                counts[1]++;
            }
        }
        return counts;
    }
}
