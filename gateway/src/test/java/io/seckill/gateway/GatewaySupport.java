package io.seckill.gateway;

import com.nimbusds.jose.JOSEException;
import java.util.Date;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.seckill.common.id.Ids;
import io.seckill.gateway.testing.GatewayClient;
import io.seckill.gateway.testing.StubBackend;
import io.seckill.testsupport.EmbeddedRedis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole gateway on a random port in front of three stub services, with the JVM's embedded Redis. Every IT class
 * extends this, so they share one application context (and one set of limits below); tests isolate by fresh user
 * and activity ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewaySupport {

    static final String JWT_SECRET = "it-jwt-secret-of-at-least-32-bytes-0123456789";
    static final String ADMIN_KEY = "it-admin-key";
    static final String INTERNAL_SECRET = "it-internal-secret";
    /** Every user's bucket: 1 request per second, 3 at once. */
    static final double USER_RATE = 1;
    static final int USER_BURST = 3;
    /** The activity whose bucket the convergence test measures. */
    static final String LIMITED_ACTIVITY = "act-limited";
    static final double LIMITED_ACTIVITY_RATE = 20;
    static final int LIMITED_ACTIVITY_BURST = 10;
    /** The payment route's time limit. */
    static final long PAYMENT_TIMEOUT_MS = 600;

    static final StubBackend INVENTORY = StubBackend.start("inventory");
    static final StubBackend ORDER = StubBackend.start("order");
    static final StubBackend PAYMENT = StubBackend.start("payment");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void gatewayUnderTest(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", () -> EmbeddedRedis.shared().port());
        registry.add("seckill.gateway.services.inventory", INVENTORY::url);
        registry.add("seckill.gateway.services.order", ORDER::url);
        registry.add("seckill.gateway.services.payment", PAYMENT::url);
        registry.add("seckill.auth.jwt-secret", () -> JWT_SECRET);
        registry.add("seckill.auth.admin-key", () -> ADMIN_KEY);
        registry.add("seckill.internal.secret", () -> INTERNAL_SECRET);
        registry.add("seckill.gateway.rate-limit.per-user", () -> USER_RATE + ":" + USER_BURST);
        registry.add("seckill.gateway.rate-limit.per-activity", () -> "10000:10000");
        registry.add("seckill.gateway.rate-limit.activities.[" + LIMITED_ACTIVITY + "]",
                () -> LIMITED_ACTIVITY_RATE + ":" + LIMITED_ACTIVITY_BURST);
        registry.add("seckill.gateway.rate-limit.redis-retry-after", () -> "PT0.3S");
        // A stopped Redis fails at once (commands are rejected while disconnected); only a starved test machine
        // makes Redis slow, and that must not switch the exact-limit tests over to the local buckets.
        registry.add("seckill.gateway.rate-limit.redis-timeout", () -> "PT3S");
        registry.add("seckill.gateway.breakers.defaults.timeout", () -> "PT2S");
        registry.add("seckill.gateway.breakers.defaults.sliding-window-size", () -> "4");
        registry.add("seckill.gateway.breakers.defaults.minimum-calls", () -> "4");
        registry.add("seckill.gateway.breakers.defaults.wait-in-open", () -> "PT1S");
        registry.add("seckill.gateway.breakers.defaults.half-open-calls", () -> "2");
        registry.add("seckill.gateway.breakers.timeouts.payment", () -> "PT" + PAYMENT_TIMEOUT_MS / 1000.0 + "S");
        registry.add("seckill.gateway.max-request-body", () -> "1KB");
        registry.add("seckill.gateway.cors.allowed-origins", () -> "https://shop.example");
        // Thousands of requests per run: the access log would drown a failure's output.
        registry.add("logging.level.io.seckill.gateway.access", () -> "WARN");
    }

    /** An anonymous client. */
    GatewayClient anonymous() {
        return GatewayClient.of(port);
    }

    /** A client with a fresh request id, so that a test can tell whether its request reached a stub. */
    GatewayClient anonymousTraced(String requestId) {
        return anonymous().withHeader("X-Request-Id", requestId);
    }

    /** A user client with a token from the gateway's own issuer. */
    GatewayClient user(String userId) {
        return anonymous().withToken(issue("{\"userId\":\"" + userId + "\"}"));
    }

    /** An admin client with a token earned with the admin key. */
    GatewayClient admin(String userId) {
        return anonymous().withToken(issue("{\"userId\":\"" + userId + "\",\"adminKey\":\"" + ADMIN_KEY + "\"}"));
    }

    /** A fresh user id. */
    static String newUser() {
        return "u-" + Ids.next();
    }

    /** A fresh request id. */
    static String newRequestId() {
        return "it-" + Ids.next();
    }

    /** A token signed with {@code secret} for {@code userId}, roles USER, expiring at {@code expiresAt}. */
    static String signedToken(String secret, String userId, Instant expiresAt) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId).claim("roles", List.of("USER"))
                    .issueTime(Date.from(expiresAt.minusSeconds(3600)))
                    .expirationTime(Date.from(expiresAt)).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether any stub saw a request with this request id. */
    static boolean anyBackendSaw(String requestId) {
        return Stream.of(INVENTORY, ORDER, PAYMENT).anyMatch(stub -> !stub.seenWithRequestId(requestId).isEmpty());
    }

    /** Asserts a problem+json answer with {@code status} and {@code code}. */
    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(GatewayClient.json(response).get("code").asString()).isEqualTo(code);
    }

    private String issue(String body) {
        HttpResponse<String> response = anonymous().post("/api/auth/token", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return GatewayClient.json(response).get("token").asString();
    }
}
