package io.seckill.gateway.api;

import io.seckill.common.id.Ids;
import io.seckill.common.web.Caller;
import io.seckill.common.web.SeckillHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.regex.Pattern;

/**
 * First filter of every request: gives it an {@link SeckillHeaders#REQUEST_ID} (the client's if sane, else a new
 * id), forwards it to the services and echoes it on the response, and writes one access log line when the exchange
 * ends: request id, method, path, route, user, status, latency.
 *
 * <p>The log line never has the query string or any header value: tokens and secrets must not reach logs.
 * Logger {@code io.seckill.gateway.access} (INFO); turn it off by its level.
 */
public final class RequestCorrelationFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the request id. */
    public static final String REQUEST_ID_ATTRIBUTE = RequestCorrelationFilter.class.getName() + ".requestId";

    private static final Logger access = LoggerFactory.getLogger("io.seckill.gateway.access");
    // Bounded and printable: the id is echoed into headers and logs (same rule as the services').
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public int getOrder() {
        return FilterOrder.CORRELATION;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long startNanos = System.nanoTime();
        String presented = exchange.getRequest().getHeaders().getFirst(SeckillHeaders.REQUEST_ID);
        String requestId = presented != null && ACCEPTED.matcher(presented).matches() ? presented : Ids.next();
        exchange.getAttributes().put(REQUEST_ID_ATTRIBUTE, requestId);
        exchange.getResponse().getHeaders().set(SeckillHeaders.REQUEST_ID, requestId);
        ServerWebExchange forwarded = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(SeckillHeaders.REQUEST_ID, requestId)))
                .build();
        return chain.filter(forwarded).doFinally(signal -> logAccess(forwarded, requestId, startNanos));
    }

    private static void logAccess(ServerWebExchange exchange, String requestId, long startNanos) {
        if (!access.isInfoEnabled()) {
            return;
        }
        long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        Caller caller = exchange.getAttribute(AuthenticationFilter.CALLER_ATTRIBUTE);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        access.info("requestId={} method={} path={} route={} user={} status={} latencyMs={}",
                requestId, exchange.getRequest().getMethod().name(), exchange.getRequest().getPath().value(),
                route == null ? "-" : route.getId(),
                caller == null ? "-" : caller.userId().orElse("-"),
                status == null ? "-" : status.value(), latencyMs);
    }
}
