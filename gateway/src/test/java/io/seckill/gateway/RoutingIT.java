package io.seckill.gateway;

import io.seckill.gateway.testing.GatewayClient;
import io.seckill.gateway.testing.StubBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every path of API.md reaches its service; the edges (unknown paths, large bodies, CORS, request ids). */
class RoutingIT extends GatewaySupport {

    private static final Map<String, StubBackend> SERVICES = Map.of(
            "inventory", INVENTORY, "order", ORDER, "payment", PAYMENT);

    @ParameterizedTest
    @CsvSource({
            "POST, /api/admin/activities, inventory",
            "GET, /api/activities/a1, inventory",
            "POST, /api/admin/activities/a1/warmup, inventory",
            "GET, /api/admin/activities/a1/stock, inventory",
            "POST, /api/seckill/a1, inventory",
            "GET, /api/orders/o1, order",
            "GET, /api/orders, order",
            "GET, /api/admin/activities/a1/orders/summary, order",
            "POST, /api/payments, payment",
            "GET, /api/admin/payments, payment"})
    void everyApiPathReachesItsService(String method, String path, String service) {
        String requestId = newRequestId();
        GatewayClient client = admin("ops-" + requestId).withHeader("X-Request-Id", requestId);
        HttpResponse<String> response = "GET".equals(method) ? client.get(path) : client.post(path, "{\"k\":1}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(GatewayClient.json(response).get("service").asString()).isEqualTo(service);
        StubBackend.Seen seen = SERVICES.get(service).seenWithRequestId(requestId).getFirst();
        assertThat(seen.method()).isEqualTo(method);
        assertThat(seen.path()).isEqualTo(path);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(requestId);
        if ("POST".equals(method)) {
            assertThat(seen.body()).isEqualTo("{\"k\":1}");
        }
    }

    @Test
    void everyResponseCarriesARequestIdAndTheServiceGetsTheSame() {
        HttpResponse<String> response = anonymous().get("/api/activities/a1");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(INVENTORY.seenWithRequestId(requestId)).hasSize(1);
        assertThat(anonymous().get("/api/orders").headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void unknownPathIsAProblem404() {
        assertProblem(user(newUser()).get("/api/nothing-here"), 404, "NOT_FOUND");
    }

    @Test
    void bodyOverTheLimitIs413AndNeverForwarded() {
        String requestId = newRequestId();
        HttpResponse<String> response = user(newUser()).withHeader("X-Request-Id", requestId)
                .post("/api/payments", "{\"orderId\":\"" + "x".repeat(2000) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(GatewayClient.json(response).get("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(anyBackendSaw(requestId)).isFalse();
    }

    @Test
    void corsPreflightFromAConfiguredOriginIsAllowedWithoutToken() {
        HttpResponse<String> allowed = anonymous().withHeader("Origin", "https://shop.example")
                .withHeader("Access-Control-Request-Method", "POST").send("OPTIONS", "/api/seckill/a1");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example");

        HttpResponse<String> refused = anonymous().withHeader("Origin", "https://evil.example")
                .withHeader("Access-Control-Request-Method", "POST").send("OPTIONS", "/api/seckill/a1");
        assertThat(refused.statusCode()).isEqualTo(403);
    }
}
