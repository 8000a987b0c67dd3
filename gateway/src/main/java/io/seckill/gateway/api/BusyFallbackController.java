package io.seckill.gateway.api;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.seckill.common.error.ErrorCode;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.concurrent.TimeoutException;

/**
 * Where every route's circuit breaker forwards a failed call ({@code fallbackUri: forward:/fallback/busy}):
 * 503 {@code BUSY}, saying whether the breaker was open, the call timed out, or the service failed.
 */
@RestController
public class BusyFallbackController {

    /** The forward target named in the routes' CircuitBreaker filters. */
    public static final String PATH = "/fallback/busy";

    private final ProblemWriter problems;

    /** Answers through {@code problems}. */
    public BusyFallbackController(ProblemWriter problems) {
        this.problems = problems;
    }

    /** The 503 for any method the route had. */
    @RequestMapping(PATH)
    public Mono<Void> busy(ServerWebExchange exchange) {
        Throwable failure = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        return problems.write(exchange, ErrorCode.BUSY, detail(failure));
    }

    private static String detail(Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return "the service is unavailable (circuit open); retry later";
        }
        if (failure instanceof TimeoutException) {
            return "the service did not answer in time; retry later";
        }
        return "the service is unavailable; retry later";
    }
}
