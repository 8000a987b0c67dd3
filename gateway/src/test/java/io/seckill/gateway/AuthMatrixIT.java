package io.seckill.gateway;

import java.util.Base64;
import io.seckill.gateway.testing.GatewayClient;
import io.seckill.gateway.testing.StubBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md's auth rules at the gateway: who is refused (and never reaches a service), and what services are told. */
class AuthMatrixIT extends GatewaySupport {

    @ParameterizedTest
    @ValueSource(strings = {"POST /api/seckill/a1", "GET /api/orders", "POST /api/payments",
            "GET /api/admin/activities/a1/stock", "POST /api/admin/activities"})
    void requestWithoutTokenIsUnauthorizedAndNeverForwarded(String call) {
        String requestId = newRequestId();
        HttpResponse<String> response = send(anonymousTraced(requestId), call);
        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(anyBackendSaw(requestId)).isFalse();
    }

    @Test
    void tokenWithBadSignatureIsUnauthorizedAndNeverForwarded() {
        String forged = signedToken("another-secret-of-at-least-32-bytes-abcdef", newUser(),
                Instant.now().plusSeconds(600));
        assertRefusedUnauthorized(forged, "signature");
    }

    @Test
    void expiredTokenIsUnauthorizedAndNeverForwarded() {
        String expired = signedToken(JWT_SECRET, newUser(), Instant.now().minusSeconds(300));
        assertRefusedUnauthorized(expired, "expired");
    }

    @Test
    void unsignedOrMalformedTokenIsUnauthorized() {
        String[] parts = signedToken(JWT_SECRET, newUser(), Instant.now().plusSeconds(600)).split("\\.");
        String algNone = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
        assertRefusedUnauthorized(algNone, "");
        assertRefusedUnauthorized("not-a-jwt", "");
    }

    @Test
    void userTokenOnAdminPathIsForbiddenAndNeverForwarded() {
        String requestId = newRequestId();
        HttpResponse<String> response = user(newUser()).withHeader("X-Request-Id", requestId)
                .get("/api/admin/activities/a1/stock");
        assertProblem(response, 403, "FORBIDDEN");
        assertThat(anyBackendSaw(requestId)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/%61dmin/activities/a1/stock", "/api/admin;x=1/activities/a1/stock",
            "/api/admin/activities/a1/st%6Fck"})
    void encodedAdminPathIsStillAnAdminPath(String path) {
        String requestId = newRequestId();
        HttpResponse<String> response = user(newUser()).withHeader("X-Request-Id", requestId).get(path);
        assertThat(response.statusCode()).as(response.body()).isIn(403, 404);
        assertThat(anyBackendSaw(requestId)).isFalse();
    }

    @Test
    void forgedIdentityHeadersWithoutTokenAreUnauthorized() {
        String requestId = newRequestId();
        HttpResponse<String> response = anonymousTraced(requestId)
                .withHeader("X-User-Id", "ops").withHeader("X-User-Roles", "USER,ADMIN")
                .withHeader("X-Internal-Auth", INTERNAL_SECRET)
                .get("/api/admin/activities/a1/stock");
        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(anyBackendSaw(requestId)).isFalse();
    }

    @Test
    void forgedAdminRoleHeaderDoesNotMakeAUserAnAdmin() {
        String requestId = newRequestId();
        HttpResponse<String> response = user(newUser()).withHeader("X-Request-Id", requestId)
                .withHeader("X-User-Roles", "ADMIN").get("/api/admin/activities/a1/orders/summary");
        assertProblem(response, 403, "FORBIDDEN");
        assertThat(anyBackendSaw(requestId)).isFalse();
    }

    @Test
    void forgedIdentityHeadersAreReplacedByTheVerifiedCaller() {
        String userId = newUser();
        String requestId = newRequestId();
        HttpResponse<String> response = user(userId).withHeader("X-Request-Id", requestId)
                .withHeader("X-User-Id", "victim").withHeader("X-User-Roles", "ADMIN")
                .withHeader("X-Internal-Auth", "guessed").get("/api/orders");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        StubBackend.Seen seen = ORDER.seenWithRequestId(requestId).getFirst();
        assertThat(seen.headers().get("x-user-id")).containsExactly(userId);
        assertThat(seen.headers().get("x-user-roles")).containsExactly("USER");
        assertThat(seen.headers().get("x-internal-auth")).containsExactly(INTERNAL_SECRET);
    }

    @Test
    void publicActivityReadIsForwardedAnonymouslyWithTheInternalCredential() {
        String requestId = newRequestId();
        HttpResponse<String> response = anonymousTraced(requestId).withHeader("X-User-Id", "forged")
                .get("/api/activities/a1");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        StubBackend.Seen seen = INVENTORY.seenWithRequestId(requestId).getFirst();
        assertThat(seen.header("X-User-Id")).isNull();
        assertThat(seen.header("X-User-Roles")).isNull();
        assertThat(seen.header("X-Internal-Auth")).isEqualTo(INTERNAL_SECRET);
    }

    @Test
    void publicActivityReadForwardsTheIdentityOfAValidToken() {
        String userId = newUser();
        String requestId = newRequestId();
        user(userId).withHeader("X-Request-Id", requestId).get("/api/activities/a1");
        assertThat(INVENTORY.seenWithRequestId(requestId).getFirst().header("X-User-Id")).isEqualTo(userId);
    }

    @Test
    void adminTokenNeedsTheAdminKey() {
        HttpResponse<String> wrongKey = anonymous().post("/api/auth/token", "{\"userId\":\"ops\",\"adminKey\":\"guess\"}");
        assertProblem(wrongKey, 403, "FORBIDDEN");

        String requestId = newRequestId();
        HttpResponse<String> response = admin("ops-" + requestId).withHeader("X-Request-Id", requestId)
                .get("/api/admin/activities/a1/stock");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(INVENTORY.seenWithRequestId(requestId).getFirst().header("X-User-Roles")).isEqualTo("ADMIN,USER");
    }

    @Test
    void issuerNamesTheMalformedField() {
        HttpResponse<String> response = anonymous().post("/api/auth/token", "{\"userId\":\"no spaces\"}");
        assertProblem(response, 400, "BAD_REQUEST");
        assertThat(GatewayClient.json(response).get("field").asString()).isEqualTo("userId");
        assertThat(GatewayClient.json(anonymous().post("/api/auth/token", "{\"userId\":\"u1\"}")).get("expiresIn")
                .asLong()).isEqualTo(3600);
    }

    private void assertRefusedUnauthorized(String token, String detailMentions) {
        String requestId = newRequestId();
        HttpResponse<String> response = anonymousTraced(requestId).withToken(token).post("/api/seckill/a1", "{}");
        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(GatewayClient.json(response).get("detail").asString()).contains(detailMentions);
        assertThat(response.body()).doesNotContain(token);
        assertThat(anyBackendSaw(requestId)).isFalse();
    }

    private static HttpResponse<String> send(GatewayClient client, String call) {
        String[] parts = call.split(" ");
        return "GET".equals(parts[0]) ? client.get(parts[1]) : client.post(parts[1], "{}");
    }
}
