package io.seckill.gateway.infra.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.seckill.gateway.GatewayProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;

/**
 * Configures every route's breaker (named after the route) from {@code seckill.gateway.breakers.*}.
 *
 * <p>The time limiter is set here on purpose: Resilience4j's default of 1 s would otherwise silently cut every call
 * short, whatever the route's HTTP response timeout says. The time limiter is therefore <em>the</em> timeout of a
 * call (retries of GETs included); the HTTP client's response timeout is only a looser backstop.
 */
public final class RouteBreakers implements Customizer<ReactiveResilience4JCircuitBreakerFactory> {

    private final GatewayProperties.Breakers breakers;

    /** Breakers sized as configured. */
    public RouteBreakers(GatewayProperties.Breakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public void customize(ReactiveResilience4JCircuitBreakerFactory factory) {
        factory.configureDefault(routeId -> new Resilience4JConfigBuilder(routeId)
                .circuitBreakerConfig(circuitBreaker(breakers.defaults()))
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(breakers.timeout(routeId)).build())
                .build());
    }

    private static CircuitBreakerConfig circuitBreaker(GatewayProperties.Breaker breaker) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .waitDurationInOpenState(breaker.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }
}
