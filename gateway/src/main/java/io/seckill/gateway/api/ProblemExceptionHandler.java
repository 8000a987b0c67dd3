package io.seckill.gateway.api;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DatabindException;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns every exception that reaches the web layer into problem+json: {@link ServiceException}s with their code
 * (and field), framework status exceptions (404, 405, 413, unreadable body…) with their status and the code of that
 * status, anything else as 500 {@code INTERNAL_ERROR} without internals (logged instead). Runs before Spring Boot's
 * own error handler.
 */
public final class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemWriter problems;

    /** Answers through {@code problems}. */
    public ProblemExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        exchange.getResponse().getHeaders().remove("Content-Length");
        if (failure instanceof ServiceException e) {
            Map<String, Object> members = e.field().<Map<String, Object>>map(field -> Map.of("field", field))
                    .orElse(Map.of());
            return problems.write(exchange, HttpStatusCode.valueOf(e.code().httpStatus()), e.code(), e.detail(),
                    members);
        }
        if (failure instanceof ResponseStatusException e) {
            return statusProblem(exchange, e);
        }
        log.error("unexpected failure of {} {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().value(), failure);
        return problems.write(exchange, ErrorCode.INTERNAL_ERROR, "an unexpected error occurred");
    }

    private Mono<Void> statusProblem(ServerWebExchange exchange, ResponseStatusException e) {
        HttpStatusCode status = e.getStatusCode();
        ErrorCode code = ErrorCode.forStatus(status.value());
        String field = unreadableField(e);
        if (!field.isEmpty()) {
            return problems.write(exchange, status, code, "field " + field + " is malformed", Map.of("field", field));
        }
        String detail = e.getReason() != null ? e.getReason() : code.title();
        return problems.write(exchange, status, code, detail, Map.of());
    }

    /** The JSON path of the value Jackson could not read ({@code userId}), or empty. */
    private static String unreadableField(ResponseStatusException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
                return databind.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
            }
        }
        return "";
    }
}
