package io.seckill.gateway.infra.ratelimit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the rate limiter: {@code UP} while Redis decides, {@code DEGRADED} while this instance limits alone
 * from memory. Degraded still answers 200 ({@code application.yml} maps it): the gateway keeps limiting, so an
 * orchestrator must not restart it for a Redis outage.
 */
public final class RateLimiterHealthIndicator implements HealthIndicator {

    /** The status while limits are decided locally. */
    public static final Status DEGRADED = new Status("DEGRADED", "Redis unreachable: limiting from local buckets");

    private final FailClosedRateLimiter limiter;

    /** Reports {@code limiter}'s state. */
    public RateLimiterHealthIndicator(FailClosedRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Health health() {
        if (limiter.isLocal()) {
            return Health.status(DEGRADED).withDetail("store", "local")
                    .withDetail("since", String.valueOf(limiter.localSince())).build();
        }
        return Health.up().withDetail("store", "redis").build();
    }
}
