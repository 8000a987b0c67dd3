package io.seckill.payment.api;

import io.seckill.common.web.GatewayTrustInterceptor;
import io.seckill.common.web.ProblemResponses;
import io.seckill.common.web.RequestIdFilter;
import io.seckill.payment.PaymentProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web edge shared with every servlet service (from {@code common}): gateway trust on {@code /api/**}, request
 * ids on every response, one problem+json mapper. Actuator and OpenAPI ({@code /v3/api-docs}) are outside
 * {@code /api/**} and stay open.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    private final GatewayTrustInterceptor gatewayTrust;

    public WebConfiguration(PaymentProperties properties) {
        this.gatewayTrust = new GatewayTrustInterceptor(properties.internal().secret());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(gatewayTrust).addPathPatterns("/api/**");
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }
}
