package io.seckill.testsupport;

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

/**
 * A real HTTP client for a service under test, sending the headers the gateway would add. Immutable: each
 * {@code as…}/{@code without…} returns a new client.
 */
public final class ServiceClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final Map<String, String> headers;

    private ServiceClient(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.headers = Map.copyOf(headers);
    }

    /** A client of {@code http://127.0.0.1:port} that sends only the internal credential (an anonymous caller). */
    public static ServiceClient anonymous(int port, String internalSecret) {
        return new ServiceClient("http://127.0.0.1:" + port, Map.of("X-Internal-Auth", internalSecret));
    }

    /** The same client acting as user {@code userId} with {@code roles} (comma-separated). */
    public ServiceClient as(String userId, String roles) {
        return withHeader("X-User-Id", userId).withHeader("X-User-Roles", roles);
    }

    /** The same client with one more header. */
    public ServiceClient withHeader(String name, String value) {
        Map<String, String> with = new LinkedHashMap<>(headers);
        with.put(name, value);
        return new ServiceClient(baseUrl, with);
    }

    /** The same client without the header {@code name}. */
    public ServiceClient without(String name) {
        Map<String, String> with = new LinkedHashMap<>(headers);
        with.remove(name);
        return new ServiceClient(baseUrl, with);
    }

    public HttpResponse<String> get(String path) {
        return send(builder(path).GET());
    }

    public HttpResponse<String> post(String path, String jsonBody) {
        return send(builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public HttpResponse<String> post(String path) {
        return send(builder(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The body of a response, parsed. */
    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** A JSON object of the given members, e.g. a request body with one field changed. */
    public static String toJson(Map<String, ?> members) {
        return JSON.writeValueAsString(members);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        return builder;
    }

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
