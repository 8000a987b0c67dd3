package io.seckill.gateway.api;

import io.seckill.gateway.GatewayProperties;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

import java.util.List;

/**
 * Cross-origin access for browser clients on {@code /api/**}, from {@code seckill.gateway.cors.*}; it runs before
 * authentication because a browser's preflight carries no token. Rate-limit and request-id headers are exposed so
 * that a page can read them.
 */
public final class OrderedCorsFilter extends CorsWebFilter implements Ordered {

    /** CORS as configured. */
    public OrderedCorsFilter(GatewayProperties.Cors cors) {
        super(source(cors));
    }

    @Override
    public int getOrder() {
        return FilterOrder.CORS;
    }

    private static UrlBasedCorsConfigurationSource source(GatewayProperties.Cors cors) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(cors.allowedOrigins());
        configuration.setAllowedMethods(cors.allowedMethods());
        configuration.setAllowedHeaders(cors.allowedHeaders());
        configuration.setExposedHeaders(List.of("X-Request-Id", RateLimitFilter.REMAINING,
                RateLimitFilter.REPLENISH_RATE, RateLimitFilter.BURST_CAPACITY, "Retry-After"));
        configuration.setMaxAge(cors.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", configuration);
        return source;
    }
}
