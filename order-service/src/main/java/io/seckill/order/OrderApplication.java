package io.seckill.order;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.client.delay.DelayedMessageSender;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import io.seckill.order.domain.OrderLifecycle;
import io.seckill.order.domain.OrderQueries;
import io.seckill.order.domain.OrderRepository;
import io.seckill.order.domain.OrderTransitions;
import io.seckill.order.infra.messaging.ConsumerRetries;
import io.seckill.order.infra.messaging.HalfMessageOrderTransitions;
import io.seckill.order.infra.messaging.OrderCheckBack;
import io.seckill.order.infra.messaging.OrderEventListeners;
import io.seckill.order.infra.mysql.MyBatisOrderRepository;
import io.seckill.order.infra.mysql.OrderMapper;
import io.seckill.order.infra.mysql.RefundRequestMapper;
import io.seckill.common.mysql.UtcInstantTypeHandler;
import org.mybatis.spring.boot.autoconfigure.ConfigurationCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;

/** The order service: orders and their state machine, created from reservations and settled by payment or timeout. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderApplication.class, args);
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

    @Bean
    OrderRepository orderRepository(OrderMapper mapper) {
        return new MyBatisOrderRepository(mapper);
    }

    @Bean
    OrderQueries orderQueries(OrderRepository orders) {
        return new OrderQueries(orders);
    }

    @Bean
    OrderTransitions orderTransitions(TransactionalMessageProducer producer, OrderMapper orders,
                                      RefundRequestMapper refunds, PlatformTransactionManager transactionManager,
                                      JsonMapper json, OrderProperties properties) {
        return new HalfMessageOrderTransitions(producer, orders, refunds, new TransactionTemplate(transactionManager),
                json, properties.order().checkBackAfter());
    }

    @Bean
    OrderLifecycle orderLifecycle(OrderRepository orders, OrderTransitions transitions, Clock clock,
                                  OrderProperties properties) {
        return new OrderLifecycle(orders, transitions, clock, properties.order().paymentTimeout());
    }

    /** Answers the broker's check-backs for this producer group; mq-client starts its listener with the context. */
    @Bean
    TransactionChecker orderCheckBack(OrderMapper orders, RefundRequestMapper refunds) {
        return new OrderCheckBack(orders, refunds);
    }

    @Bean
    OrderEventListeners orderEventListeners(OrderLifecycle lifecycle, DelayedMessageSender delayed, JsonMapper json,
                                            MeterRegistry meters, Clock clock) {
        return new OrderEventListeners(lifecycle, delayed, json, meters, clock);
    }

    /** The listener containers' error handler (see {@link ConsumerRetries}): retried, never dropped. */
    @Bean
    CommonErrorHandler kafkaErrorHandler(OrderProperties properties, MeterRegistry meters) {
        OrderProperties.Consumers consumers = properties.order().consumers();
        return ConsumerRetries.errorHandler(consumers.retryInterval(), consumers.unknownOrderPatience(), meters);
    }
}
