package io.seckill.gateway.testing;

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

/** A real HTTP client of the gateway under test. Immutable: each {@code with…} returns a new client. */
public final class GatewayClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final Map<String, String> headers;

    private GatewayClient(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.headers = Map.copyOf(headers);
    }

    /** An anonymous client of the gateway on {@code port}. */
    public static GatewayClient of(int port) {
        return new GatewayClient("http://127.0.0.1:" + port, Map.of());
    }

    /** The same client with one more header. */
    public GatewayClient withHeader(String name, String value) {
        Map<String, String> with = new LinkedHashMap<>(headers);
        with.put(name, value);
        return new GatewayClient(baseUrl, with);
    }

    /** The same client sending {@code Authorization: Bearer token}. */
    public GatewayClient withToken(String token) {
        return withHeader("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> get(String path) {
        return send(builder(path).GET());
    }

    public HttpResponse<String> post(String path, String jsonBody) {
        return send(builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public HttpResponse<String> send(String method, String path) {
        return send(builder(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** The parsed JSON body of a response. */
    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
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
            throw new IllegalStateException("interrupted", e);
        }
    }
}
