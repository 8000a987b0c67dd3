package io.seckill.order.api;

import io.seckill.common.web.GatewayTrustInterceptor;
import io.seckill.common.web.ProblemResponses;
import io.seckill.common.web.RequestIdFilter;
import io.seckill.order.OrderProperties;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web edge shared with every servlet service (from {@code common}): gateway trust on {@code /api/**} and on
 * {@code /internal/**} (service-to-service reads need the same credential, without a user), request ids on every
 * response, one problem+json mapper. Actuator and {@code /v3/api-docs} are outside both and stay open.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    private final GatewayTrustInterceptor gatewayTrust;

    public WebConfiguration(OrderProperties properties) {
        this.gatewayTrust = new GatewayTrustInterceptor(properties.internal().secret());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(gatewayTrust).addPathPatterns("/api/**", "/internal/**");
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

    @Bean
    OpenAPI orderServiceApi() {
        return new OpenAPI().info(new Info().title("order-service").version("1")
                .description("Orders of the seckill platform. Every /api/** and /internal/** call needs the gateway's"
                        + " X-Internal-Auth credential; /api/** calls act for the user in X-User-Id."));
    }
}
