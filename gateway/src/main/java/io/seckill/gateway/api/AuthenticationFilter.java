package io.seckill.gateway.api;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.web.Caller;
import io.seckill.common.web.SeckillHeaders;
import io.seckill.gateway.domain.ApiPaths;
import io.seckill.gateway.infra.jwt.JwtTokens;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides who calls every {@code /api/**} request and what the services are told about it (API.md's auth rules).
 *
 * <ul>
 *   <li>Client-supplied {@code X-User-Id}, {@code X-User-Roles} and {@code X-Internal-Auth} are always removed.</li>
 *   <li>A presented bearer token is always verified; a bad one is 401 even on a public path.</li>
 *   <li>No token: 401, except on public paths, which are forwarded anonymously.</li>
 *   <li>{@code /api/admin/**} without the ADMIN role: 403.</li>
 *   <li>Forwarded requests carry the verified caller and the internal secret; the caller is also left in
 *       {@link #CALLER_ATTRIBUTE} for rate limiting and the access log.</li>
 * </ul>
 * A refused request is answered here, so no service ever sees it. Thread-safe.
 */
public final class AuthenticationFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the verified {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = AuthenticationFilter.class.getName() + ".caller";

    private static final String BEARER = "Bearer ";

    private final JwtTokens tokens;
    private final String internalSecret;
    private final ProblemWriter problems;

    /** Verifies with {@code tokens}; forwards {@code internalSecret} as {@code X-Internal-Auth}. */
    public AuthenticationFilter(JwtTokens tokens, String internalSecret, ProblemWriter problems) {
        this.tokens = tokens;
        this.internalSecret = internalSecret;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return FilterOrder.AUTHENTICATION;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = RequestPaths.decoded(request);
        if (!ApiPaths.isApi(path)) {
            return chain.filter(stripIdentity(exchange));
        }
        String method = request.getMethod().name();
        Optional<String> token = bearerToken(request.getHeaders());
        if (token.isEmpty()) {
            return ApiPaths.isPublic(method, path)
                    ? chain.filter(forward(exchange, Optional.empty()))
                    : unauthorized(exchange, "a bearer token is required");
        }
        JwtTokens.Verification verification = tokens.verify(token.get());
        if (verification.caller().isEmpty()) {
            return unauthorized(exchange, verification.refusal());
        }
        Caller caller = verification.caller().get();
        if (ApiPaths.isAdmin(path) && !caller.hasRole(Caller.ADMIN)) {
            return problems.write(exchange, ErrorCode.FORBIDDEN, "this operation needs the " + Caller.ADMIN + " role");
        }
        exchange.getAttributes().put(CALLER_ATTRIBUTE, caller);
        return chain.filter(forward(exchange, Optional.of(caller)));
    }

    private Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return problems.write(exchange, ErrorCode.UNAUTHORIZED, detail);
    }

    /** The request as the services see it: no client identity headers; ours and the internal secret. */
    private ServerWebExchange forward(ServerWebExchange exchange, Optional<Caller> caller) {
        return exchange.mutate().request(request -> request.headers(headers -> {
            removeIdentity(headers);
            headers.set(SeckillHeaders.INTERNAL_AUTH, internalSecret);
            caller.ifPresent(verified -> {
                headers.set(SeckillHeaders.USER_ID, verified.userId().orElseThrow());
                headers.set(SeckillHeaders.USER_ROLES, String.join(",", new TreeSet<>(verified.roles())));
            });
        })).build();
    }

    private static ServerWebExchange stripIdentity(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (!headers.containsHeader(SeckillHeaders.USER_ID) && !headers.containsHeader(SeckillHeaders.USER_ROLES)
                && !headers.containsHeader(SeckillHeaders.INTERNAL_AUTH)) {
            return exchange;
        }
        return exchange.mutate().request(request -> request.headers(AuthenticationFilter::removeIdentity)).build();
    }

    private static void removeIdentity(HttpHeaders headers) {
        headers.remove(SeckillHeaders.USER_ID);
        headers.remove(SeckillHeaders.USER_ROLES);
        headers.remove(SeckillHeaders.INTERNAL_AUTH);
    }

    private static Optional<String> bearerToken(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(BEARER.length()).strip());
    }
}
