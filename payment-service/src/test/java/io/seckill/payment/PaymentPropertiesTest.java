package io.seckill.payment;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentPropertiesTest {

    @Test
    void defaultsNeedOnlyTheSecret() {
        PaymentProperties properties = bind(Map.of("seckill.internal.secret", "s"));

        PaymentProperties.PaymentSettings payment = properties.payment();
        assertThat(payment.orderService().url()).isEqualTo(URI.create("http://127.0.0.1:8082"));
        assertThat(payment.orderService().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(payment.orderService().retry().maxAttempts()).isEqualTo(3);
        assertThat(payment.provider().failureRate()).isZero();
        assertThat(payment.charge().lease()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void settingsAreBoundFromKebabCaseNames() {
        PaymentProperties properties = bind(Map.of("seckill.internal.secret", "s",
                "seckill.payment.order-service.url", "http://orders:9000",
                "seckill.payment.provider.latency", "PT0.2S",
                "seckill.payment.provider.failure-rate", "0.25",
                "seckill.payment.order-service.circuit-breaker.open-duration", "PT1S"));

        assertThat(properties.payment().orderService().url()).isEqualTo(URI.create("http://orders:9000"));
        assertThat(properties.payment().provider().latency()).isEqualTo(Duration.ofMillis(200));
        assertThat(properties.payment().provider().failureRate()).isEqualTo(0.25);
        assertThat(properties.payment().orderService().circuitBreaker().openDuration()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void invalidSettingsAreRefusedAtStartup() {
        assertRefused(Map.of());
        assertRefused(Map.of("seckill.internal.secret", " "));
        assertRefused(Map.of("seckill.internal.secret", "s", "seckill.payment.provider.failure-rate", "1.5"));
        assertRefused(Map.of("seckill.internal.secret", "s", "seckill.payment.order-service.url", "orders:8082"));
        assertRefused(Map.of("seckill.internal.secret", "s", "seckill.payment.order-service.timeout", "PT0S"));
        assertRefused(Map.of("seckill.internal.secret", "s",
                "seckill.payment.order-service.retry.max-attempts", "0"));
        assertRefused(Map.of("seckill.internal.secret", "s",
                "seckill.payment.order-service.circuit-breaker.failure-rate-threshold", "0"));
    }

    @Test
    void leaseMustOutlastTheLongestProviderCall() {
        // 3 attempts x 2 s + 0.1 s + 0.2 s of backoff = 6.3 s.
        assertRefused(Map.of("seckill.internal.secret", "s", "seckill.payment.charge.lease", "PT6.3S"));
        assertThat(bind(Map.of("seckill.internal.secret", "s", "seckill.payment.charge.lease", "PT6.4S"))
                .payment().charge().lease()).isEqualTo(Duration.ofMillis(6_400));
    }

    @Test
    void totalBackoffGrowsByTheMultiplier() {
        PaymentProperties.Retry retry = new PaymentProperties.Retry(4, Duration.ofMillis(100), 2);

        assertThat(retry.totalBackoff()).isEqualTo(Duration.ofMillis(700));
        assertThat(new PaymentProperties.Retry(1, Duration.ofMillis(100), 2).totalBackoff()).isZero();
    }

    private static PaymentProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(new HashMap<>(values)))
                .bindOrCreate("seckill", PaymentProperties.class);
    }

    private static void assertRefused(Map<String, String> values) {
        assertThatThrownBy(() -> bind(values)).as(values.toString())
                .isInstanceOfAny(BindException.class, IllegalArgumentException.class);
    }
}
