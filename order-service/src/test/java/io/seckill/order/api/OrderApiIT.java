package io.seckill.order.api;

import io.seckill.common.event.SeckillReserved;
import io.seckill.common.id.Ids;
import io.seckill.common.web.SeckillHeaders;
import io.seckill.testsupport.ServiceClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The endpoints (API.md) as the gateway and payment-service call them, and what they refuse. */
class OrderApiIT extends OrderServiceSupport {

    @Test
    void ownerReadsTheOrderWithEveryMemberOfTheContract() {
        SeckillReserved order = reserve(Ids.next(), "reader-" + Ids.next());

        JsonNode body = ServiceClient.json(awaitOk(user(order.userId()), "/api/orders/" + order.orderId()));

        assertThat(body.propertyNames()).containsExactlyInAnyOrder("orderId", "activityId", "userId", "status",
                "amountCents", "createdAt", "paidAt", "cancelledAt");
        assertThat(body.get("orderId").asString()).isEqualTo(order.orderId());
        assertThat(body.get("activityId").asString()).isEqualTo(order.activityId());
        assertThat(body.get("userId").asString()).isEqualTo(order.userId());
        assertThat(body.get("status").asString()).isEqualTo("PENDING_PAYMENT");
        assertThat(body.get("amountCents").isIntegralNumber()).isTrue();
        assertThat(body.get("amountCents").asLong()).isEqualTo(PRICE_CENTS);
        assertThat(Instant.parse(body.get("createdAt").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(body.get("createdAt").asString()).endsWith("Z");
        assertThat(body.get("paidAt").isNull()).isTrue();
        assertThat(body.get("cancelledAt").isNull()).isTrue();
    }

    @Test
    void anotherUsersOrderAndAnUnknownOrderAreNotFound() {
        SeckillReserved order = reserve(Ids.next(), "owner-" + Ids.next());
        awaitOk(user(order.userId()), "/api/orders/" + order.orderId());

        assertProblem(user("intruder").get("/api/orders/" + order.orderId()), 404, "NOT_FOUND");
        assertProblem(user(order.userId().toUpperCase()).get("/api/orders/" + order.orderId()), 404, "NOT_FOUND");
        assertProblem(user(order.userId()).get("/api/orders/" + Ids.next()), 404, "NOT_FOUND");
    }

    @Test
    void callsWithoutTheGatewayCredentialOrWithoutAUserAreUnauthorized() {
        SeckillReserved order = reserve(Ids.next(), "guarded-" + Ids.next());
        awaitOk(user(order.userId()), "/api/orders/" + order.orderId());

        assertProblem(user(order.userId()).without(SeckillHeaders.INTERNAL_AUTH).get("/api/orders/" + order.orderId()), 401,
                "UNAUTHORIZED");
        assertProblem(user(order.userId()).withHeader(SeckillHeaders.INTERNAL_AUTH, "wrong").get("/api/orders"), 401,
                "UNAUTHORIZED");
        assertProblem(anonymous().get("/api/orders/" + order.orderId()), 401, "UNAUTHORIZED");
        assertProblem(anonymous().get("/api/orders"), 401, "UNAUTHORIZED");
        assertProblem(anonymous().without(SeckillHeaders.INTERNAL_AUTH).get("/internal/orders/" + order.orderId()), 401,
                "UNAUTHORIZED");
    }

    @Test
    void malformedIdsAndPageSizesAreBadRequestsNamingTheField() {
        String userId = "malformed-" + Ids.next();

        assertField(user(userId).get("/api/orders/bad%20id%21"), "orderId");
        assertField(user(userId).get("/api/orders/" + "x".repeat(65)), "orderId");
        assertField(anonymous().get("/internal/orders/bad%20id%21"), "orderId");
        assertField(admin().get("/api/admin/activities/bad%20id%21/orders/summary"), "activityId");
        assertField(user(userId).get("/api/orders?limit=0"), "limit");
        assertField(user(userId).get("/api/orders?limit=101"), "limit");
        assertField(user(userId).get("/api/orders?limit=many"), "limit");
    }

    @Test
    void callerListsOnlyTheirOwnOrdersNewestFirstWithinTheLimit() {
        String activityId = Ids.next();
        String userId = "lister-" + Ids.next();
        List<String> placed = List.of(reserve(activityId, userId).orderId(), reserve(activityId, userId).orderId(),
                reserve(activityId, userId).orderId());
        reserve(activityId, "someone-else-" + Ids.next());
        awaitOrders(activityId, 4);

        HttpResponse<String> all = user(userId).get("/api/orders");
        HttpResponse<String> newest = user(userId).get("/api/orders?limit=2");

        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(orderIds(all)).containsExactlyInAnyOrderElementsOf(placed);
        List<String> createdAt = StreamSupport.stream(ServiceClient.json(all).spliterator(), false)
                .map(order -> order.get("createdAt").asString()).toList();
        assertThat(createdAt).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
        assertThat(orderIds(newest)).containsExactlyElementsOf(orderIds(all).subList(0, 2));
        assertThat(orderIds(user("nobody-" + Ids.next()).get("/api/orders"))).isEmpty();
    }

    @Test
    void paymentServiceReadsAnyOrderWithTheCredentialAloneAndUnknownOnesAreNotFound() {
        SeckillReserved order = reserve(Ids.next(), "internal-" + Ids.next());

        JsonNode body = ServiceClient.json(awaitOk(anonymous(), "/internal/orders/" + order.orderId()));

        assertThat(body.get("orderId").asString()).isEqualTo(order.orderId());
        assertThat(body.get("userId").asString()).isEqualTo(order.userId());
        assertThat(body.get("amountCents").asLong()).isEqualTo(PRICE_CENTS);
        assertProblem(anonymous().get("/internal/orders/" + Ids.next()), 404, "NOT_FOUND");
    }

    @Test
    void adminSummaryCountsOrdersByStatusAndTheBuyersOfOrdersNotCancelled() {
        String activityId = Ids.next();
        SeckillReserved first = reserve(activityId, "summary-a");
        SeckillReserved second = reserve(activityId, "summary-a");
        SeckillReserved third = reserve(activityId, "summary-b");
        reserve(activityId, "summary-c");
        awaitOrders(activityId, 4);

        assertThat(summary(activityId)).isEqualTo(new long[] {4, 0, 0, 3, 2});
        List.of(first, second, third).forEach(order -> pay(payment(order)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(summary(activityId))
                .isEqualTo(new long[] {0, 3, 1, 2, 2}));
        assertThat(summary(Ids.next())).isEqualTo(new long[] {0, 0, 0, 0, 0});
        assertProblem(user("not-an-admin").get("/api/admin/activities/" + activityId + "/orders/summary"), 403,
                "FORBIDDEN");
    }

    @Test
    void openApiHealthAndMetricsNeedNoCredentialAndEveryResponseHasARequestId() {
        HttpResponse<String> apiDocs = anonymous().without(SeckillHeaders.INTERNAL_AUTH).get("/v3/api-docs");
        HttpResponse<String> health = anonymous().without(SeckillHeaders.INTERNAL_AUTH).get("/actuator/health");
        HttpResponse<String> metrics = anonymous().without(SeckillHeaders.INTERNAL_AUTH).get("/actuator/prometheus");

        assertThat(apiDocs.statusCode()).isEqualTo(200);
        assertThat(ServiceClient.json(apiDocs).get("paths").propertyNames()).contains("/api/orders/{orderId}",
                "/api/orders", "/api/admin/activities/{activityId}/orders/summary", "/internal/orders/{orderId}");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(ServiceClient.json(health).get("status").asString()).isEqualTo("UP");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("order_consumer_skipped_records_total");
        assertThat(List.of(apiDocs, health, metrics, anonymous().get("/api/orders")))
                .allSatisfy(response -> assertThat(response.headers().firstValue(SeckillHeaders.REQUEST_ID)).isPresent());
        assertThat(user("echo").withHeader(SeckillHeaders.REQUEST_ID, "req-42").get("/api/orders").headers()
                .firstValue(SeckillHeaders.REQUEST_ID)).contains("req-42");
    }

    private ServiceClient admin() {
        return anonymous().as("ops", "USER,ADMIN");
    }

    /** pendingPayment, paid, cancelled, distinctBuyers, maxPerBuyer. */
    private long[] summary(String activityId) {
        HttpResponse<String> response = admin().get("/api/admin/activities/" + activityId + "/orders/summary");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ServiceClient.json(response);
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("pendingPayment", "paid", "cancelled",
                "distinctBuyers", "maxPerBuyer");
        return new long[] {body.get("pendingPayment").asLong(), body.get("paid").asLong(),
                body.get("cancelled").asLong(), body.get("distinctBuyers").asLong(), body.get("maxPerBuyer").asLong()};
    }

    /** Polls until the order exists (orders are created asynchronously), then returns the 200. */
    private static HttpResponse<String> awaitOk(ServiceClient client, String path) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.get(path), response -> response.statusCode() == 200);
    }

    private static List<String> orderIds(HttpResponse<String> response) {
        return StreamSupport.stream(ServiceClient.json(response).spliterator(), false)
                .map(order -> order.get("orderId").asString()).toList();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat(ServiceClient.json(response).get("code").asString()).isEqualTo(code);
    }

    private static void assertField(HttpResponse<String> response, String field) {
        assertProblem(response, 400, "BAD_REQUEST");
        assertThat(ServiceClient.json(response).get("field").asString()).isEqualTo(field);
    }
}
