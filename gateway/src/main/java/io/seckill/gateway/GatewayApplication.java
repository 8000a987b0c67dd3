package io.seckill.gateway;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.gateway.api.AuthenticationFilter;
import io.seckill.gateway.api.OrderedCorsFilter;
import io.seckill.gateway.api.ProblemExceptionHandler;
import io.seckill.gateway.api.ProblemWriter;
import io.seckill.gateway.api.RateLimitFilter;
import io.seckill.gateway.api.RequestCorrelationFilter;
import io.seckill.gateway.api.RequestSizeFilter;
import io.seckill.gateway.domain.BucketLimit;
import io.seckill.gateway.domain.LocalTokenBuckets;
import io.seckill.gateway.infra.jwt.JwtTokens;
import io.seckill.gateway.infra.ratelimit.FailClosedRateLimiter;
import io.seckill.gateway.infra.ratelimit.RateLimiterHealthIndicator;
import io.seckill.gateway.infra.ratelimit.RedisTokenBuckets;
import io.seckill.gateway.infra.resilience.RouteBreakers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** The gateway: the platform's only public entry (JWT auth, two-level token buckets, circuit breakers). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    private static final Logger log = LoggerFactory.getLogger(GatewayApplication.class);
    // Lettuce reconnects with a backoff of up to 30 s by default: the limiter would stay local long after Redis is back.
    private static final Duration REDIS_RECONNECT_DELAY = Duration.ofMillis(500);

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    /** Lets limits be written {@code rate:burst} in configuration. */
    @Bean
    @ConfigurationPropertiesBinding
    static Converter<String, BucketLimit> limitConverter() {
        return BucketLimit::parse;
    }

    @Bean
    JwtTokens jwtTokens(GatewayProperties properties) {
        GatewayProperties.Auth auth = properties.auth();
        byte[] secret;
        if (auth.jwtSecret() == null || auth.jwtSecret().isBlank()) {
            secret = new byte[JwtTokens.MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            log.warn("seckill.auth.jwt-secret is not set: tokens are signed with a random key that only this "
                    + "process knows (demo); set SECKILL_AUTH_JWT_SECRET for anything else");
        } else {
            secret = auth.jwtSecret().getBytes(StandardCharsets.UTF_8);
        }
        return new JwtTokens(secret, auth.tokenTtl(), auth.clockSkew(), Clock.systemUTC(),
                auth.verifiedTokenCacheSize());
    }

    @Bean
    ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    /** Before Spring Boot's own error handler (order -1): every error is problem+json. */
    @Bean
    @Order(-2)
    ProblemExceptionHandler problemExceptionHandler(ProblemWriter problems) {
        return new ProblemExceptionHandler(problems);
    }

    @Bean
    RequestCorrelationFilter requestCorrelationFilter() {
        return new RequestCorrelationFilter();
    }

    @Bean
    RequestSizeFilter requestSizeFilter(GatewayProperties properties, ProblemWriter problems) {
        return new RequestSizeFilter(properties.gateway().maxRequestBody().toBytes(), problems);
    }

    @Bean
    OrderedCorsFilter corsFilter(GatewayProperties properties) {
        return new OrderedCorsFilter(properties.gateway().cors());
    }

    @Bean
    AuthenticationFilter authenticationFilter(JwtTokens tokens, GatewayProperties properties,
                                              ProblemWriter problems) {
        return new AuthenticationFilter(tokens, properties.internal().secret(), problems);
    }

    @Bean
    FailClosedRateLimiter rateLimiter(LettuceConnectionFactory redis, GatewayProperties properties,
                                      MeterRegistry meters) {
        GatewayProperties.RateLimit limits = properties.gateway().rateLimit();
        RedisTokenBuckets buckets = new RedisTokenBuckets(redis, redis.isClusterAware(), limits.redisTimeout(), meters);
        return new FailClosedRateLimiter(buckets, new LocalTokenBuckets(limits.localSweepAbove()),
                limits.instances(), limits.redisRetryAfter(), meters);
    }

    @Bean
    RateLimitFilter rateLimitFilter(FailClosedRateLimiter limiter, GatewayProperties properties,
                                    ProblemWriter problems) {
        return new RateLimitFilter(limiter, properties.gateway().rateLimit(), problems);
    }

    @Bean
    RateLimiterHealthIndicator rateLimiterHealthIndicator(FailClosedRateLimiter limiter) {
        return new RateLimiterHealthIndicator(limiter);
    }

    @Bean
    RouteBreakers routeBreakers(GatewayProperties properties) {
        return new RouteBreakers(properties.gateway().breakers());
    }

    /** A disconnected Redis rejects commands at once instead of queueing them until the limiter's timeout. */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /**
     * Redis serves only the rate limiter here, so its command timeout is the limiter's: half of
     * {@code redis-timeout} for the call, the other half for queueing behind the call in flight
     * ({@code BucketCallBatcher}); {@code spring.data.redis.timeout} is overridden.
     */
    @Bean
    LettuceClientConfigurationBuilderCustomizer limiterCommandTimeout(GatewayProperties properties) {
        Duration callTimeout = properties.gateway().rateLimit().redisTimeout().dividedBy(2);
        return builder -> builder.commandTimeout(callTimeout);
    }

    @Bean
    ClientResourcesBuilderCustomizer quickReconnect() {
        return resources -> resources.reconnectDelay(Delay.constant(REDIS_RECONNECT_DELAY));
    }
}
