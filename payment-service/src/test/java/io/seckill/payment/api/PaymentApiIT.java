package io.seckill.payment.api;

import io.seckill.common.event.PaymentSucceeded;
import io.seckill.payment.domain.PaymentStatus;
import io.seckill.payment.domain.ProviderBooks;
import io.seckill.testsupport.ServiceClient;
import io.seckill.testsupport.ConcurrentCalls;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/payments} end to end: one charge and one {@code payment.succeeded} per order, and its refusals. */
class PaymentApiIT extends PaymentServiceSupport {

    private static final Duration SETTLE = Duration.ofSeconds(2);

    @Test
    void payingAPendingOrderChargesItOnceAndPublishesOnePaymentSucceeded() {
        String orderId = newOrder("u-pay", "PENDING_PAYMENT", 49_900);

        HttpResponse<String> response = pay("u-pay", orderId);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ServiceClient.json(response);
        String paymentId = body.get("paymentId").asString();
        assertThat(body.get("orderId").asString()).isEqualTo(orderId);
        assertThat(body.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(body.get("amountCents").asLong()).isEqualTo(49_900);
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        List<PaymentSucceeded> events = succeededEvents(orderId, 1, SETTLE);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.paymentId()).isEqualTo(paymentId);
            assertThat(event.userId()).isEqualTo("u-pay");
            assertThat(event.amountCents()).isEqualTo(49_900);
        });
        assertThat(providerBooks.bookedFor(orderId)).isEqualTo(new ProviderBooks.BookedCounts(1, 0));
    }

    @Test
    void repeatingAPaymentAnswersTheSamePaymentWithoutChargingAgain() {
        String orderId = newOrder("u-repeat", "PENDING_PAYMENT", 100);
        String first = paid("u-repeat", orderId);
        // order-service has marked the order PAID by now; the repeat must still answer the payment.
        ORDERS.putOrder(orderId, "u-repeat", "PAID", 100);

        String second = paid("u-repeat", orderId);

        assertThat(second).isEqualTo(first);
        assertThat(providerBooks.bookedFor(orderId).charges()).isEqualTo(1);
        assertThat(succeededEvents(orderId, 1, SETTLE)).hasSize(1);
    }

    @Test
    void concurrentPaymentsOfOneOrderChargeOnceAndAllAnswerTheSamePayment() {
        String orderId = newOrder("u-crowd", "PENDING_PAYMENT", 2_500);

        List<HttpResponse<String>> responses = ConcurrentCalls.run(20, 20, i -> pay("u-crowd", orderId));

        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).as(response.body())
                .isEqualTo(200));
        List<String> paymentIds = responses.stream()
                .map(response -> ServiceClient.json(response).get("paymentId").asString()).toList();
        assertThat(paymentIds).containsOnly(paymentIds.getFirst());
        assertThat(providerBooks.bookedFor(orderId).charges()).isEqualTo(1);
        assertThat(succeededEvents(orderId, 1, SETTLE)).hasSize(1);
    }

    @Test
    void cancelledOrderIsNotPayableAndNothingIsWritten() {
        String orderId = newOrder("u-cancelled", "CANCELLED", 100);

        HttpResponse<String> response = pay("u-cancelled", orderId);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(problemCode(response)).isEqualTo("ORDER_NOT_PAYABLE");
        assertThat(payments.findByOrderId(orderId)).isEmpty();
        assertThat(providerBooks.bookedFor(orderId).charges()).isZero();
    }

    @Test
    void anotherUsersOrderAndAnUnknownOrderAreNotFound() {
        String orderId = newOrder("u-owner", "PENDING_PAYMENT", 100);

        HttpResponse<String> intruder = pay("u-intruder", orderId);
        HttpResponse<String> unknown = pay("u-owner", "no-such-order-" + orderId);

        assertThat(intruder.statusCode()).isEqualTo(404);
        assertThat(problemCode(intruder)).isEqualTo("NOT_FOUND");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(payments.findByOrderId(orderId)).isEmpty();
    }

    @Test
    void requestsWithoutTheGatewayCredentialOrAUserAreUnauthorized() {
        String orderId = newOrder("u-auth", "PENDING_PAYMENT", 100);
        String body = "{\"orderId\":\"" + orderId + "\"}";

        HttpResponse<String> noCredential = user("u-auth").without("X-Internal-Auth").post("/api/payments", body);
        HttpResponse<String> wrongCredential = user("u-auth").withHeader("X-Internal-Auth", "guess")
                .post("/api/payments", body);
        HttpResponse<String> noUser = anonymous().post("/api/payments", body);

        for (HttpResponse<String> response : List.of(noCredential, wrongCredential, noUser)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(problemCode(response)).isEqualTo("UNAUTHORIZED");
        }
        assertThat(payments.findByOrderId(orderId)).isEmpty();
    }

    @Test
    void badBodiesAreRejectedNamingTheField() {
        for (String body : List.of("{}", "{\"orderId\":\"\"}", "{\"orderId\":\"   \"}", "{\"orderId\":null}",
                "{\"orderId\":\"a/b\"}", "{\"orderId\":{\"nested\":1}}", "")) {
            HttpResponse<String> response = user("u-bad").post("/api/payments", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(problemCode(response)).isEqualTo("BAD_REQUEST");
            assertThat(ServiceClient.json(response).get("field").asString()).as(body).isEqualTo("orderId");
        }
        HttpResponse<String> notJson = user("u-bad").post("/api/payments", "{\"orderId\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(problemCode(notJson)).isEqualTo("BAD_REQUEST");
    }

    @Test
    void adminReadShowsThePaymentWithTheProvidersBookings() {
        String orderId = newOrder("u-audit", "PENDING_PAYMENT", 300);
        String paymentId = paid("u-audit", orderId);

        HttpResponse<String> read = anonymous().as("ops", "USER,ADMIN").get("/api/admin/payments?orderId=" + orderId);

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode details = ServiceClient.json(read);
        assertThat(details.get("paymentId").asString()).isEqualTo(paymentId);
        assertThat(details.get("status").asString()).isEqualTo(PaymentStatus.SUCCEEDED.name());
        assertThat(details.get("providerCharges").asLong()).isEqualTo(1);
        assertThat(details.get("providerRefunds").asLong()).isZero();
        assertThat(user("u-audit").get("/api/admin/payments?orderId=" + orderId).statusCode()).isEqualTo(403);
        assertThat(anonymous().as("ops", "ADMIN").get("/api/admin/payments?orderId=none-" + orderId).statusCode())
                .isEqualTo(404);
        HttpResponse<String> missing = anonymous().as("ops", "ADMIN").get("/api/admin/payments");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(ServiceClient.json(missing).get("field").asString()).isEqualTo("orderId");
    }

    @Test
    void openApiHealthAndMetricsNeedNoCredential() {
        ServiceClient outsider = anonymous().without("X-Internal-Auth");

        HttpResponse<String> apiDocs = outsider.get("/v3/api-docs");
        HttpResponse<String> health = outsider.get("/actuator/health");
        HttpResponse<String> metrics = outsider.get("/actuator/prometheus");

        assertThat(apiDocs.statusCode()).isEqualTo(200);
        assertThat(apiDocs.body()).contains("/api/payments", "/api/admin/payments");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("resilience4j_circuitbreaker_state{", "name=\"order-service\"",
                "resilience4j_retry_calls_total{", "name=\"payment-provider\"", "payment_refunds_total{");
    }
}
