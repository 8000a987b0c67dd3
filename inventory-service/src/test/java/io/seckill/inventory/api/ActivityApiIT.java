package io.seckill.inventory.api;

import io.seckill.testsupport.ServiceClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityApiIT extends InventoryServiceSupport {

    private static final Instant IN_AN_HOUR = Instant.now().plus(Duration.ofHours(1));
    private static final Instant IN_TWO_HOURS = IN_AN_HOUR.plus(Duration.ofHours(1));

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void createdActivityIsReadBackAsScheduledBeforeItsStart() {
        Map<String, Object> request = activityRequest(IN_AN_HOUR, IN_TWO_HOURS, 100);
        HttpResponse<String> created = admin().post("/api/admin/activities", ServiceClient.toJson(request));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = ServiceClient.json(created);
        String id = body.get("activityId").asString();
        assertThat(id).isNotBlank();
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/activities/" + id));

        HttpResponse<String> read = anonymous().get("/api/activities/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode activity = ServiceClient.json(read);
        assertThat(activity.get("title").asString()).isEqualTo("Phone flash sale");
        assertThat(activity.get("priceCents").asLong()).isEqualTo(49_900);
        assertThat(activity.get("stock").asLong()).isEqualTo(100);
        assertThat(activity.get("startsAt").asString()).isEqualTo(request.get("startsAt"));
        assertThat(activity.get("endsAt").asString()).isEqualTo(request.get("endsAt"));
        assertThat(activity.get("status").asString()).isEqualTo("SCHEDULED");
    }

    @Test
    void activityInsideItsWindowIsOpen() {
        String id = createActivity(activityRequest(Instant.now().minusSeconds(5), IN_AN_HOUR, 3));

        assertThat(statusOf(id)).isEqualTo("OPEN");
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("title", ""),
                Arguments.of("title", null),
                Arguments.of("skuId", "  "),
                Arguments.of("priceCents", -1),
                Arguments.of("stock", 0),
                Arguments.of("stock", "many"),
                Arguments.of("perUserLimit", 0),
                Arguments.of("startsAt", "tomorrow"),
                Arguments.of("startsAt", IN_TWO_HOURS.plusSeconds(1).toString()),
                Arguments.of("endsAt", Instant.now().minusSeconds(60).toString()));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidFields")
    void invalidFieldIsABadRequestNamingItAndNothingIsStored(String field, Object value) {
        Map<String, Object> request = activityRequest(IN_AN_HOUR, IN_TWO_HOURS, 10);
        request.put(field, value);
        // A start after the end is reported on endsAt, the field checked against the other.
        String reported = field.equals("startsAt") && !"tomorrow".equals(value) ? "endsAt" : field;
        long before = activityCount();

        HttpResponse<String> response = admin().post("/api/admin/activities", ServiceClient.toJson(request));

        assertProblem(response, 400, "BAD_REQUEST");
        assertThat(ServiceClient.json(response).get("field").asString()).isEqualTo(reported);
        assertThat(activityCount()).isEqualTo(before);
    }

    @Test
    void bodyThatIsNotJsonIsABadRequest() {
        assertProblem(admin().post("/api/admin/activities", "{not json"), 400, "BAD_REQUEST");
    }

    @Test
    void unknownActivityIsNotFoundEverywhere() {
        assertProblem(anonymous().get("/api/activities/no-such-activity"), 404, "NOT_FOUND");
        assertProblem(admin().post("/api/admin/activities/no-such-activity/warmup"), 404, "NOT_FOUND");
        assertProblem(admin().get("/api/admin/activities/no-such-activity/stock"), 404, "NOT_FOUND");
    }

    @Test
    void requestWithoutTheInternalCredentialIsUnauthorizedAndStoresNothing() {
        long before = activityCount();
        ServiceClient outsider = admin().without("X-Internal-Auth");

        HttpResponse<String> response = outsider.post("/api/admin/activities",
                ServiceClient.toJson(activityRequest(IN_AN_HOUR, IN_TWO_HOURS, 10)));

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(activityCount()).isEqualTo(before);
    }

    @Test
    void publicReadStillNeedsTheInternalCredential() {
        String id = createActivity(activityRequest(IN_AN_HOUR, IN_TWO_HOURS, 10));

        assertProblem(anonymous().without("X-Internal-Auth").get("/api/activities/" + id), 401, "UNAUTHORIZED");
        assertProblem(ServiceClient.anonymous(port, "wrong-secret").get("/api/activities/" + id), 401,
                "UNAUTHORIZED");
    }

    @Test
    void nonAdminIsForbiddenOnAdminPathsAndStoresNothing() {
        long before = activityCount();
        ServiceClient user = anonymous().as("u1", "USER");
        String id = createActivity(activityRequest(IN_AN_HOUR, IN_TWO_HOURS, 10));

        assertProblem(user.post("/api/admin/activities",
                ServiceClient.toJson(activityRequest(IN_AN_HOUR, IN_TWO_HOURS, 10))), 403, "FORBIDDEN");
        assertProblem(user.post("/api/admin/activities/" + id + "/warmup"), 403, "FORBIDDEN");
        assertProblem(user.get("/api/admin/activities/" + id + "/stock"), 403, "FORBIDDEN");
        assertThat(activityCount()).isEqualTo(before + 1);
        assertThat(ServiceClient.json(admin().get("/api/admin/activities/" + id + "/stock"))
                .get("redisRemaining").isNull()).isTrue();
    }

    @Test
    void openApiDescriptionListsTheEndpointsWithoutTheInternalCredential() {
        HttpResponse<String> docs = anonymous().without("X-Internal-Auth").get("/v3/api-docs");

        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        assertThat(ServiceClient.json(docs).get("paths").propertyNames()).contains("/api/seckill/{activityId}",
                "/api/admin/activities", "/api/activities/{activityId}",
                "/api/admin/activities/{activityId}/warmup", "/api/admin/activities/{activityId}/stock");
    }

    @Test
    void everyResponseCarriesARequestIdEchoingTheClientsOne() {
        HttpResponse<String> generated = anonymous().get("/api/activities/no-such-activity");
        assertThat(generated.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).isNotBlank());

        ServiceClient traced = anonymous().withHeader("X-Request-Id", "trace-42");
        assertThat(traced.get("/actuator/health").headers().firstValue("X-Request-Id")).contains("trace-42");
    }

    @Test
    void actuatorIsOpenWithoutTheCredential() {
        ServiceClient outsider = anonymous().without("X-Internal-Auth");

        assertThat(outsider.get("/actuator/health").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = outsider.get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_");
    }

    private String statusOf(String id) {
        return ServiceClient.json(anonymous().get("/api/activities/" + id)).get("status").asString();
    }

    private long activityCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM activity", Long.class);
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = ServiceClient.json(response);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }
}
