package io.seckill.deploy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** The few API.md calls the metrics test makes through the gateway, each checked for its expected status. */
final class SeckillClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;

    SeckillClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static String get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build()).body();
    }

    String token(String userId, String adminKey) {
        ObjectNode body = JSON.createObjectNode().put("userId", userId);
        if (adminKey != null) {
            body.put("adminKey", adminKey);
        }
        return json(expect(200, "POST", "/api/auth/token", null, body.toString())).path("token").asString();
    }

    String createActivity(String adminToken, Instant startsAt, Instant endsAt, long stock) {
        ObjectNode body = JSON.createObjectNode().put("title", "deploy-tests sale").put("skuId", "sku-deploy-tests")
                .put("priceCents", 100).put("stock", stock).put("startsAt", startsAt.toString())
                .put("endsAt", endsAt.toString()).put("perUserLimit", 1);
        return json(expect(201, "POST", "/api/admin/activities", adminToken, body.toString())).path("activityId").asString();
    }

    /** Sends a request and returns the body; fails unless the status is {@code status}. */
    String expect(int status, String method, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() != status) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ", expected " + status
                    + ": " + response.body());
        }
        return response.body();
    }

    JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
