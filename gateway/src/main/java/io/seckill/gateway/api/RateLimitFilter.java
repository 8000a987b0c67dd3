package io.seckill.gateway.api;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.web.Caller;
import io.seckill.gateway.GatewayProperties;
import io.seckill.gateway.domain.ApiPaths;
import io.seckill.gateway.domain.BucketCheck;
import io.seckill.gateway.domain.BucketKind;
import io.seckill.gateway.domain.BucketLimit;
import io.seckill.gateway.domain.RateDecision;
import io.seckill.gateway.infra.ratelimit.FailClosedRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two levels of token buckets in front of the services: every write of a verified user takes a token from the
 * user's bucket, and a seckill then also from its activity's bucket (sized to the backend's capacity). A user over
 * the limit is refused before touching the activity's bucket, so one client cannot drain an activity's budget.
 * Both checks of a request go to the limiter together (on a single Redis: in one script call shared with other
 * concurrent requests).
 * A refusal is 429 {@code RATE_LIMITED} with API.md's headers and a {@code bucket} member naming the level.
 * Thread-safe.
 */
public final class RateLimitFilter implements WebFilter, Ordered {

    static final String REMAINING = "X-RateLimit-Remaining";
    static final String REPLENISH_RATE = "X-RateLimit-Replenish-Rate";
    static final String BURST_CAPACITY = "X-RateLimit-Burst-Capacity";

    // Activity ids become part of a Redis key: only id-shaped values may (the service answers 404 for unknown ones).
    private static final Pattern ACTIVITY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final FailClosedRateLimiter limiter;
    private final GatewayProperties.RateLimit limits;
    private final ProblemWriter problems;

    /** Limits with {@code limiter} to the sizes in {@code limits}. */
    public RateLimitFilter(FailClosedRateLimiter limiter, GatewayProperties.RateLimit limits, ProblemWriter problems) {
        this.limiter = limiter;
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return FilterOrder.RATE_LIMIT;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String method = exchange.getRequest().getMethod().name();
        Caller caller = exchange.getAttribute(AuthenticationFilter.CALLER_ATTRIBUTE);
        if (caller == null || caller.userId().isEmpty() || !ApiPaths.isWrite(method)) {
            return chain.filter(exchange);
        }
        String path = RequestPaths.decoded(exchange.getRequest());
        Optional<String> activityId = ApiPaths.seckillActivity(method, path);
        if (activityId.isPresent() && !ACTIVITY_ID.matcher(activityId.get()).matches()) {
            return problems.write(exchange, HttpStatusCode.valueOf(400), ErrorCode.BAD_REQUEST,
                    "activityId is malformed", Map.of("field", "activityId"));
        }
        BucketCheck user = BucketCheck.of(BucketKind.USER, caller.userId().get(), limits.perUser());
        List<BucketCheck> checks = activityId
                .map(id -> List.of(user, BucketCheck.of(BucketKind.ACTIVITY, id, limits.activity(id))))
                .orElseGet(() -> List.of(user));
        return limiter.tryAcquire(checks).flatMap(decisions -> {
            RateDecision last = decisions.getLast();
            return last.allowed()
                    ? chain.filter(exchange)
                    : tooManyRequests(exchange, checks.get(decisions.size() - 1).kind(), last);
        });
    }

    private Mono<Void> tooManyRequests(ServerWebExchange exchange, BucketKind kind, RateDecision decision) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        BucketLimit limit = decision.limit();
        headers.set(REMAINING, Long.toString(decision.remaining()));
        headers.set(REPLENISH_RATE, rate(limit.ratePerSecond()));
        headers.set(BURST_CAPACITY, Integer.toString(limit.burst()));
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        String detail = kind == BucketKind.USER
                ? "too many requests from this user; retry later"
                : "too many requests for this activity; retry later";
        return problems.write(exchange, HttpStatusCode.valueOf(ErrorCode.RATE_LIMITED.httpStatus()),
                ErrorCode.RATE_LIMITED, detail, Map.of("bucket", kind.tag()));
    }

    /** {@code 5} rather than {@code 5.0}; fractions as written ({@code 0.5}). */
    private static String rate(double ratePerSecond) {
        return BigDecimal.valueOf(ratePerSecond).stripTrailingZeros().toPlainString();
    }
}
