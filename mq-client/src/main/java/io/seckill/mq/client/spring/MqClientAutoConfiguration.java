package io.seckill.mq.client.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.seckill.mq.client.consumer.ConsumedMessageTable;
import io.seckill.mq.client.consumer.IdempotentConsumer;
import io.seckill.mq.client.consumer.SpringIdempotentConsumer;
import io.seckill.mq.client.delay.DelayedMessageSender;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * mq-client in a Spring Boot application: a byte-array producer on {@code spring.kafka.*}, the delayed sender, and,
 * when {@code mq.client.producer-group} is set, the transactional template plus the check-back listener for the
 * application's {@link TransactionChecker} bean. With a DataSource and a transaction manager, the idempotent
 * consumers too (their table created at startup unless {@code mq.client.idempotent.create-table=false}).
 */
@AutoConfiguration(afterName = {"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
@ConditionalOnClass({KafkaProducer.class, KafkaProperties.class})
@EnableConfigurationProperties(MqClientProperties.class)
public class MqClientAutoConfiguration {

    /** The producer of every mq-client sender: the application's producer settings, byte-array serializers. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(name = "mqProducer")
    public KafkaProducer<byte[], byte[]> mqProducer(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "mq-client");
        return new KafkaProducer<>(config);
    }

    @Bean
    @ConditionalOnMissingBean
    public DelayedMessageSender delayedMessageSender(Producer<byte[], byte[]> mqProducer, MqClientProperties properties,
                                                     ObjectProvider<MeterRegistry> registry) {
        return new DelayedMessageSender(mqProducer, properties.maxDelay(), registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "mq.client", name = "producer-group")
    public TransactionalMessageProducer transactionalMessageProducer(Producer<byte[], byte[]> mqProducer,
                                                                     MqClientProperties properties,
                                                                     ObjectProvider<MeterRegistry> registry) {
        return new TransactionalMessageProducer(mqProducer, properties.producerGroup(),
                registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnBean(TransactionChecker.class)
    @ConditionalOnProperty(prefix = "mq.client", name = "producer-group")
    public TransactionCheckLifecycle transactionCheckLifecycle(KafkaProperties kafka, Producer<byte[], byte[]> mqProducer,
                                                               MqClientProperties properties, TransactionChecker checker,
                                                               ObjectProvider<MeterRegistry> registry) {
        return new TransactionCheckLifecycle(kafka.buildConsumerProperties(), mqProducer, properties.producerGroup(), checker,
                registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /** The idempotent consumers, when the application has a database. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.jdbc.datasource.DataSourceUtils",
            "org.springframework.transaction.PlatformTransactionManager"})
    @ConditionalOnBean(type = {"javax.sql.DataSource", "org.springframework.transaction.PlatformTransactionManager"})
    static class IdempotentConsumerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ConsumedMessageTable consumedMessageTable(MqClientProperties properties, DataSource dataSource) throws SQLException {
            ConsumedMessageTable table = new ConsumedMessageTable(properties.idempotent().table());
            if (properties.idempotent().createTable()) {
                table.createTable(dataSource);
            }
            return table;
        }

        @Bean
        @ConditionalOnMissingBean
        SpringIdempotentConsumer springIdempotentConsumer(DataSource dataSource, PlatformTransactionManager transactionManager,
                                                          ConsumedMessageTable table, ObjectProvider<MeterRegistry> registry) {
            return new SpringIdempotentConsumer(dataSource, transactionManager, table,
                    registry.getIfAvailable(() -> Metrics.globalRegistry));
        }

        @Bean
        @ConditionalOnMissingBean
        IdempotentConsumer idempotentConsumer(DataSource dataSource, ConsumedMessageTable table,
                                              ObjectProvider<MeterRegistry> registry) {
            return new IdempotentConsumer(dataSource, table, registry.getIfAvailable(() -> Metrics.globalRegistry));
        }
    }
}
