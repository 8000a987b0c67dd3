package io.seckill.gateway.api;

import io.seckill.common.error.ErrorCode;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one place that writes the gateway's RFC 9457 {@code application/problem+json} answers, shaped like the
 * services' ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} and the stable
 * {@code code}). Thread-safe.
 */
public final class ProblemWriter {

    private final JsonMapper json;

    /** Writes problems with {@code json}. */
    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    /** Answers with {@code code}'s own status. */
    public Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
        return write(exchange, HttpStatusCode.valueOf(code.httpStatus()), code, detail, Map.of());
    }

    /** Answers with {@code status} (which may differ from the code's, e.g. 413 with BAD_REQUEST) and extra members. */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, ErrorCode code, String detail,
                            Map<String, Object> members) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", code.title());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", originalPath(exchange));
        problem.put("code", code.name());
        problem.putAll(members);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer body = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(body));
    }

    /** The path the client asked for, also after a forward to the breaker's fallback. */
    private static String originalPath(ServerWebExchange exchange) {
        Set<URI> originals = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
        if (originals != null && !originals.isEmpty()) {
            return originals.iterator().next().getRawPath();
        }
        return exchange.getRequest().getPath().value();
    }
}
