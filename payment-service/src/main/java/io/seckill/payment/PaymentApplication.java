package io.seckill.payment;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import io.seckill.payment.domain.ChargeSettings;
import io.seckill.payment.domain.OrderDirectory;
import io.seckill.payment.domain.PaymentCheckout;
import io.seckill.payment.domain.PaymentProvider;
import io.seckill.payment.domain.PaymentPublisher;
import io.seckill.payment.domain.PaymentRefunds;
import io.seckill.payment.domain.PaymentRepository;
import io.seckill.payment.infra.messaging.HalfMessagePaymentPublisher;
import io.seckill.payment.infra.messaging.PaymentCheckBack;
import io.seckill.payment.infra.messaging.RefundRequestedListener;
import io.seckill.payment.infra.mysql.MyBatisPaymentRepository;
import io.seckill.payment.infra.mysql.PaymentMapper;
import io.seckill.common.mysql.UtcInstantTypeHandler;
import io.seckill.payment.infra.orders.RestOrderDirectory;
import io.seckill.payment.infra.provider.ProviderChargeMapper;
import io.seckill.payment.infra.provider.ResilientPaymentProvider;
import io.seckill.payment.infra.provider.SimulatedPaymentProvider;
import io.seckill.payment.infra.resilience.ResilienceRegistries;
import io.seckill.payment.infra.resilience.TimeLimitedCalls;
import org.mybatis.spring.boot.autoconfigure.ConfigurationCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The payment service: pays orders once against a simulated provider and refunds payments of cancelled orders. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentApplication {

    static final String ORDER_SERVICE = "order-service";
    static final String PAYMENT_PROVIDER = "payment-provider";

    public static void main(String[] args) {
        SpringApplication.run(PaymentApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ConfigurationCustomizer utcInstants() {
        return configuration -> configuration.getTypeHandlerRegistry()
                .register(Instant.class, new UtcInstantTypeHandler());
    }

    /** The threads that time-limited calls run on: one virtual thread per call, closed with the context. */
    @Bean(destroyMethod = "close")
    ExecutorService timeLimitedCallThreads() {
        return Executors.newVirtualThreadPerTaskExecutor();
    }

    @Bean
    TimeLimitedCalls timeLimitedCalls(ExecutorService timeLimitedCallThreads) {
        return new TimeLimitedCalls(timeLimitedCallThreads);
    }

    @Bean
    ResilienceRegistries resilienceRegistries(MeterRegistry meters) {
        return ResilienceRegistries.withMetrics(meters);
    }

    @Bean
    OrderDirectory orderDirectory(PaymentProperties properties, ResilienceRegistries resilience,
                                  TimeLimitedCalls calls) {
        PaymentProperties.OrderService settings = properties.payment().orderService();
        HttpClient httpClient = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        // A backstop for the time limiter: the JDK client itself gives up on a hung exchange too.
        requestFactory.setReadTimeout(settings.timeout());
        RestClient http = RestClient.builder().baseUrl(settings.url().toString()).requestFactory(requestFactory)
                .build();
        return new RestOrderDirectory(http, properties.internal().secret(), calls,
                resilience.timeLimiter(ORDER_SERVICE, settings.timeout(), true),
                resilience.circuitBreaker(ORDER_SERVICE, settings.circuitBreaker()),
                resilience.retry(ORDER_SERVICE, settings.retry(), RestOrderDirectory::isRetryable),
                resilience.bulkhead(ORDER_SERVICE, settings.bulkhead()));
    }

    @Bean
    SimulatedPaymentProvider simulatedPaymentProvider(ProviderChargeMapper books,
                                                      PlatformTransactionManager transactionManager, Clock clock,
                                                      PaymentProperties properties) {
        PaymentProperties.Provider settings = properties.payment().provider();
        return new SimulatedPaymentProvider(books, transactionManager, clock, new SimulatedPaymentProvider.Simulation(
                settings.latency(), settings.failureRate(), settings.lostReplyShare()));
    }

    /** The provider as the service calls it: time-limited and retried with the same idempotency key. */
    @Bean
    @Primary
    PaymentProvider paymentProvider(SimulatedPaymentProvider simulated, ResilienceRegistries resilience,
                                    TimeLimitedCalls calls, PaymentProperties properties) {
        PaymentProperties.Provider settings = properties.payment().provider();
        return new ResilientPaymentProvider(simulated, calls,
                resilience.timeLimiter(PAYMENT_PROVIDER, settings.timeout(), false),
                resilience.retry(PAYMENT_PROVIDER, settings.retry(), ResilientPaymentProvider::isRetryable));
    }

    @Bean
    PaymentRepository paymentRepository(PaymentMapper mapper) {
        return new MyBatisPaymentRepository(mapper);
    }

    @Bean
    PaymentPublisher paymentPublisher(TransactionalMessageProducer producer, PaymentRepository payments,
                                      JsonMapper json) {
        return new HalfMessagePaymentPublisher(producer, payments, json);
    }

    /** Answers the broker's check-backs for this producer group; mq-client starts its listener with the context. */
    @Bean
    TransactionChecker paymentCheckBack(PaymentRepository payments, Clock clock) {
        return new PaymentCheckBack(payments, clock);
    }

    @Bean
    PaymentCheckout paymentCheckout(OrderDirectory orders, PaymentRepository payments, PaymentProvider provider,
                                    PaymentPublisher publisher, PaymentProperties properties, Clock clock) {
        PaymentProperties.Charge charge = properties.payment().charge();
        return new PaymentCheckout(orders, payments, provider, publisher,
                new ChargeSettings(charge.lease(), charge.inProgressWait(), charge.pollInterval()), clock);
    }

    @Bean
    PaymentRefunds paymentRefunds(PaymentRepository payments, PaymentProvider provider, Clock clock) {
        return new PaymentRefunds(payments, provider, clock);
    }

    @Bean
    RefundRequestedListener refundRequestedListener(PaymentRefunds refunds, JsonMapper json, MeterRegistry meters) {
        return new RefundRequestedListener(refunds, json, meters);
    }

    /**
     * The Kafka listeners' error handler: a failed refund is retried, after pauses doubling from
     * {@code seckill.payment.refunds.retry-interval} up to {@code max-retry-interval}, without end. A refund must never
     * be dropped; malformed records are skipped by the listener itself, so only an outage holds a partition back.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler(PaymentProperties properties) {
        PaymentProperties.Refunds refunds = properties.payment().refunds();
        ExponentialBackOff backOff = new ExponentialBackOff(refunds.retryInterval().toMillis(), 2.0);
        backOff.setMaxInterval(refunds.maxRetryInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
