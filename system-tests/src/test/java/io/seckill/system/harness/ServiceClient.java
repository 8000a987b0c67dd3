package io.seckill.system.harness;

import io.seckill.common.web.SeckillHeaders;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Calls one service directly the way the gateway forwards a request: the internal secret in
 * {@link SeckillHeaders#INTERNAL_AUTH} and, once {@link #as(String, String) acting as} someone, the caller's id and
 * roles. Immutable and thread-safe.
 */
public final class ServiceClient {

    /** Lenient about members the tests do not read, so services may add fields without breaking the tests. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final Map<String, String> headers;

    private ServiceClient(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.headers = Map.copyOf(headers);
    }

    /** An anonymous caller (internal secret only) of the service at {@code baseUrl}. */
    public static ServiceClient of(String baseUrl, String internalSecret) {
        return new ServiceClient(baseUrl, Map.of(SeckillHeaders.INTERNAL_AUTH, internalSecret));
    }

    /** The same client acting as {@code userId} with {@code roles} (comma-separated). */
    public ServiceClient as(String userId, String roles) {
        Map<String, String> with = new LinkedHashMap<>(headers);
        with.put(SeckillHeaders.USER_ID, userId);
        with.put(SeckillHeaders.USER_ROLES, roles);
        return new ServiceClient(baseUrl, with);
    }

    /** The same client acting as an ordinary user. */
    public ServiceClient asUser(String userId) {
        return as(userId, "USER");
    }

    /** The same client acting as an operator. */
    public ServiceClient asAdmin() {
        return as("system-test-ops", "USER,ADMIN");
    }

    public HttpResponse<String> get(String path) {
        return send(builder(path).GET());
    }

    public HttpResponse<String> post(String path) {
        return send(builder(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> post(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** The body of a response, parsed. */
    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The body of a response as {@code type}. */
    public static <T> T json(HttpResponse<String> response, Class<T> type) {
        return JSON.readValue(response.body(), type);
    }

    /** The problem's {@code code} member, if the body is a problem. */
    public static Optional<String> code(HttpResponse<String> response) {
        try {
            JsonNode code = json(response).get("code");
            return code == null || code.isNull() ? Optional.empty() : Optional.of(code.asString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
        headers.forEach(builder::header);
        return builder;
    }

    /** Sends; a transport failure (connection refused or reset by a killed service) is an unchecked exception. */
    private static HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
