package io.seckill.launcher;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo sale, created through the gateway as an operator would (API.md): an ADMIN token from the admin key, then
 * {@code POST /api/admin/activities} and its warm-up, so that Redis holds the stock before the sale opens.
 *
 * @param activityId its id
 * @param startsAt   when it opens (seckills before get 409 NOT_STARTED)
 * @param stock      units for sale, one per user
 */
record DemoSale(String activityId, Instant startsAt, long stock) {

    static final long PRICE_CENTS = 999;
    /** How long the demo sale stays open. */
    static final Duration OPEN_FOR = Duration.ofHours(2);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Seeds the sale, retrying while the gateway or a service still answers 503 after startup, up to {@code patience}. */
    static DemoSale seed(String gatewayUrl, String adminKey, Instant startsAt, long stock, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return create(gatewayUrl, adminKey, startsAt.truncatedTo(ChronoUnit.SECONDS), stock);
            } catch (IOException | IllegalStateException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("cannot seed the demo sale through " + gatewayUrl + ": "
                            + e.getMessage(), e);
                }
                Thread.sleep(1000);
            }
        }
    }

    private static DemoSale create(String gatewayUrl, String adminKey, Instant startsAt, long stock)
            throws IOException, InterruptedException {
        String token = post(gatewayUrl + "/api/auth/token", null,
                Map.of("userId", "ops", "adminKey", adminKey), 200).get("token").asString();
        Map<String, Object> activity = new LinkedHashMap<>();
        activity.put("title", "Demo flash sale");
        activity.put("skuId", "DEMO-SKU-1");
        activity.put("priceCents", PRICE_CENTS);
        activity.put("stock", stock);
        activity.put("startsAt", startsAt.toString());
        activity.put("endsAt", startsAt.plus(OPEN_FOR).toString());
        activity.put("perUserLimit", 1);
        String activityId = post(gatewayUrl + "/api/admin/activities", token, activity, 201)
                .get("activityId").asString();
        post(gatewayUrl + "/api/admin/activities/" + activityId + "/warmup", token, null, 204);
        return new DemoSale(activityId, startsAt, stock);
    }

    private static JsonNode post(String url, String token, Map<String, ?> body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + " "
                    + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
