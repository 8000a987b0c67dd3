package io.seckill.gateway;

import io.seckill.gateway.domain.BucketLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway's settings under {@code seckill.*}; defaults are documented in {@code application.yml}. The routes
 * themselves are Spring Cloud Gateway's ({@code spring.cloud.gateway.server.webflux.routes}), pointing at
 * {@code seckill.gateway.services.*}.
 *
 * @param auth     JWT validation and the demo token issuer
 * @param internal the credential the gateway sends to the services
 * @param gateway  rate limits, breakers, size limit and CORS
 */
@ConfigurationProperties(prefix = "seckill")
public record GatewayProperties(@DefaultValue Auth auth, @DefaultValue Internal internal,
                                @DefaultValue Gateway gateway) {

    /**
     * @param jwtSecret     the HS256 key shared with the services, at least 32 bytes; blank: a random key for this
     *                      process only (demo)
     * @param adminKey      the key that earns an ADMIN token from the issuer; blank: no admin tokens at all
     * @param issuerEnabled whether {@code POST /api/auth/token} issues tokens (demo); off in production
     * @param tokenTtl      how long an issued token is valid; positive
     * @param clockSkew     how far past its expiry a token is still accepted (clocks of issuers differ)
     * @param verifiedTokenCacheSize how many verified tokens are remembered until they expire, so that a client's
     *                      next request with the same token skips parsing and the MAC; 0 verifies every request
     */
    public record Auth(String jwtSecret, String adminKey, @DefaultValue("true") boolean issuerEnabled,
                       @DefaultValue("PT1H") Duration tokenTtl, @DefaultValue("PT30S") Duration clockSkew,
                       @DefaultValue("100000") int verifiedTokenCacheSize) {
        public Auth {
            if (verifiedTokenCacheSize < 0) {
                throw new IllegalArgumentException("seckill.auth.verified-token-cache-size must not be negative");
            }
            requirePositive("seckill.auth.token-ttl", tokenTtl);
            Objects.requireNonNull(clockSkew, "seckill.auth.clock-skew");
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("seckill.auth.clock-skew must not be negative: " + clockSkew);
            }
        }
    }

    /**
     * @param secret the shared secret sent as {@code X-Internal-Auth} on every proxied request; non-blank
     */
    public record Internal(String secret) {
        public Internal {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("seckill.internal.secret must be set (SECKILL_INTERNAL_SECRET)");
            }
        }
    }

    /**
     * @param rateLimit      the two levels of token buckets
     * @param breakers       circuit breakers and time limits, one per route
     * @param maxRequestBody the largest request body forwarded; larger ones get 413
     * @param cors           cross-origin access for browser clients
     */
    public record Gateway(@DefaultValue RateLimit rateLimit, @DefaultValue Breakers breakers,
                          @DefaultValue("64KB") DataSize maxRequestBody, @DefaultValue Cors cors) {
        public Gateway {
            Objects.requireNonNull(maxRequestBody, "seckill.gateway.max-request-body");
            if (maxRequestBody.toBytes() < 1) {
                throw new IllegalArgumentException("seckill.gateway.max-request-body must be positive");
            }
        }
    }

    /**
     * @param perUser         every user's bucket for writes (limits are written {@code rate:burst}, e.g. {@code 5:10})
     * @param perActivity     the default bucket of an activity's seckills: the backend's capacity
     * @param activities      buckets of single activities, by activity id, overriding {@code perActivity}
     * @param instances       how many gateways share the limits: each limits to its share while Redis is unreachable
     * @param redisTimeout    how long a bucket waits for Redis before deciding locally
     * @param redisRetryAfter while deciding locally, how often one request tries Redis again
     * @param localSweepAbove the local fallback forgets full buckets once it holds more than this many
     */
    public record RateLimit(@DefaultValue("5:10") BucketLimit perUser,
                            @DefaultValue("500:500") BucketLimit perActivity, Map<String, BucketLimit> activities,
                            @DefaultValue("1") int instances,
                            @DefaultValue("PT0.5S") Duration redisTimeout,
                            @DefaultValue("PT1S") Duration redisRetryAfter,
                            @DefaultValue("100000") int localSweepAbove) {
        public RateLimit {
            Objects.requireNonNull(perUser, "seckill.gateway.rate-limit.per-user");
            Objects.requireNonNull(perActivity, "seckill.gateway.rate-limit.per-activity");
            activities = activities == null ? Map.of() : Map.copyOf(activities);
            if (instances < 1) {
                throw new IllegalArgumentException("seckill.gateway.rate-limit.instances must be at least 1");
            }
            requirePositive("seckill.gateway.rate-limit.redis-timeout", redisTimeout);
            requirePositive("seckill.gateway.rate-limit.redis-retry-after", redisRetryAfter);
        }

        /** The bucket of one activity's seckills. */
        public BucketLimit activity(String activityId) {
            return activities.getOrDefault(activityId, perActivity);
        }
    }

    /**
     * @param defaults what every route's breaker uses unless overridden
     * @param timeouts per-route time limits (route id → duration): the one timeout that applies to a call
     */
    public record Breakers(@DefaultValue Breaker defaults, Map<String, Duration> timeouts) {
        public Breakers {
            timeouts = timeouts == null ? Map.of() : Map.copyOf(timeouts);
            timeouts.forEach((route, timeout) -> requirePositive("seckill.gateway.breakers.timeouts." + route, timeout));
        }

        /** The time limit of one route. */
        public Duration timeout(String routeId) {
            return timeouts.getOrDefault(routeId, defaults.timeout());
        }
    }

    /**
     * @param timeout              a call that takes longer fails with 503 {@code BUSY} (and counts as a failure)
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker; 1–100
     * @param slidingWindowSize    how many recent calls the failure rate is computed over
     * @param minimumCalls         calls needed in the window before the breaker may open
     * @param waitInOpen           how long an open breaker refuses calls before letting trial calls through
     * @param halfOpenCalls        trial calls that decide between closing and opening again
     */
    public record Breaker(@DefaultValue("PT3S") Duration timeout, @DefaultValue("50") float failureRateThreshold,
                          @DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumCalls,
                          @DefaultValue("PT5S") Duration waitInOpen, @DefaultValue("3") int halfOpenCalls) {
        public Breaker {
            requirePositive("seckill.gateway.breakers.defaults.timeout", timeout);
            requirePositive("seckill.gateway.breakers.defaults.wait-in-open", waitInOpen);
            if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
                throw new IllegalArgumentException("failure-rate-threshold must be in (0, 100]: " + failureRateThreshold);
            }
            if (slidingWindowSize < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
                throw new IllegalArgumentException("breaker window, minimum calls and half-open calls must be >= 1");
            }
        }
    }

    /**
     * @param allowedOrigins origins browsers may call from; empty: no cross-origin access
     * @param allowedMethods methods allowed cross-origin
     * @param allowedHeaders request headers allowed cross-origin
     * @param maxAge         how long a browser may cache a preflight answer
     */
    public record Cors(List<String> allowedOrigins,
                       @DefaultValue({"GET", "POST"}) List<String> allowedMethods,
                       @DefaultValue({"Authorization", "Content-Type", "X-Request-Id"}) List<String> allowedHeaders,
                       @DefaultValue("PT1H") Duration maxAge) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
            allowedMethods = List.copyOf(allowedMethods);
            allowedHeaders = List.copyOf(allowedHeaders);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
