package io.seckill.system.harness;

import io.seckill.testsupport.ConcurrentCalls;
import tools.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's HTTP API at the level a test thinks in (open a sale, try to buy, pay, read the books), each call
 * sent to the service that owns it as the gateway would route it (API.md). Thread-safe.
 */
public final class Storefront {

    private final ServiceClient inventory;
    private final ServiceClient orders;
    private final ServiceClient payments;

    Storefront(ServiceClient inventory, ServiceClient orders, ServiceClient payments) {
        this.inventory = inventory;
        this.orders = orders;
        this.payments = payments;
    }

    /** Creates an activity that is open now for an hour, warms its stock into Redis and returns its id. */
    public String openSale(long stock, int perUserLimit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "System test sale");
        body.put("skuId", "sku-system-test");
        body.put("priceCents", 1_999);
        body.put("stock", stock);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        body.put("startsAt", now.minusSeconds(1).toString());
        body.put("endsAt", now.plus(Duration.ofHours(1)).toString());
        body.put("perUserLimit", perUserLimit);
        HttpResponse<String> created = inventory.asAdmin().post("/api/admin/activities", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String activityId = ServiceClient.json(created).get("activityId").asString();
        HttpResponse<String> warmUp = inventory.asAdmin().post("/api/admin/activities/" + activityId + "/warmup");
        assertThat(warmUp.statusCode()).as(warmUp.body()).isEqualTo(204);
        return activityId;
    }

    /** One seckill attempt; a connection that fails (service down or killed) is {@link Attempt#NO_RESPONSE}. */
    public Attempt attempt(String activityId, String userId) {
        try {
            HttpResponse<String> response = inventory.asUser(userId).post("/api/seckill/" + activityId);
            String orderId = response.statusCode() == 202
                    ? ServiceClient.json(response).get("orderId").asString() : null;
            return new Attempt(userId, response.statusCode(), orderId, ServiceClient.code(response).orElse(null));
        } catch (UncheckedIOException e) {
            return new Attempt(userId, Attempt.NO_RESPONSE, null, null);
        }
    }

    /** Every user of {@code userIds} (repeats allowed) tries once, all released at the same moment. */
    public List<Attempt> crowd(String activityId, List<String> userIds, int threads) {
        return ConcurrentCalls.run(userIds.size(), threads, i -> attempt(activityId, userIds.get(i)));
    }

    /** inventory-service's stock report. */
    public StockReport stock(String activityId) {
        HttpResponse<String> response = inventory.asAdmin().get("/api/admin/activities/" + activityId + "/stock");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ServiceClient.json(response, StockReport.class);
    }

    /** order-service's summary; an activity it has no order of yet may answer 404, read as all zero. */
    public OrderSummary summary(String activityId) {
        HttpResponse<String> response = orders.asAdmin()
                .get("/api/admin/activities/" + activityId + "/orders/summary");
        if (response.statusCode() == 404) {
            return OrderSummary.EMPTY;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ServiceClient.json(response, OrderSummary.class);
    }

    /** The order as its owner reads it; empty while it does not exist (yet). */
    public Optional<OrderView> order(String userId, String orderId) {
        HttpResponse<String> response = orders.asUser(userId).get("/api/orders/" + orderId);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Optional.of(ServiceClient.json(response, OrderView.class));
    }

    /** Polls until the order exists (it is created asynchronously after the 202). */
    public OrderView awaitOrder(String userId, String orderId, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> order(userId, orderId), Optional::isPresent).orElseThrow();
    }

    /** All orders of the caller, in any activity. */
    public List<OrderView> orders(String userId) {
        HttpResponse<String> response = orders.asUser(userId).get("/api/orders");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<OrderView> all = new ArrayList<>();
        JsonNode body = ServiceClient.json(response);
        // A bare array per API.md; a page object with "items" is read the same way.
        JsonNode items = body.isArray() ? body : body.get("items");
        assertThat(items).as("order list " + response.body()).isNotNull();
        items.forEach(node -> all.add(ServiceClient.JSON.treeToValue(node, OrderView.class)));
        return all;
    }

    /** The caller's orders of one activity. */
    public List<OrderView> orders(String userId, String activityId) {
        return orders(userId).stream().filter(order -> activityId.equals(order.activityId())).toList();
    }

    /** The order's payment as operations see it; empty if the order has none. */
    public Optional<PaymentRecord> paymentOf(String orderId) {
        HttpResponse<String> response = payments.asAdmin().get("/api/admin/payments?orderId=" + orderId);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Optional.of(ServiceClient.json(response, PaymentRecord.class));
    }

    /** {@code POST /api/payments} as the owner. */
    public Payment pay(String userId, String orderId) {
        HttpResponse<String> response = payments.asUser(userId).post("/api/payments", Map.of("orderId", orderId));
        String paymentId = null;
        if (response.statusCode() == 200) {
            JsonNode id = ServiceClient.json(response).get("paymentId");
            paymentId = id == null ? null : id.asString();
        }
        return new Payment(orderId, response.statusCode(), paymentId, ServiceClient.code(response).orElse(null));
    }
}
