package io.seckill.mq.client.spring;

import io.seckill.mq.client.consumer.SpringIdempotentConsumer;
import io.seckill.mq.client.delay.DelayedMessageSender;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

class MqClientAutoConfigurationTest {

    // Nothing listens there: the beans below are created without connecting.
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, MqClientAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1");

    @Test
    void delayedSenderIsAlwaysThereButTheTransactionalTemplateNeedsAProducerGroup() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(DelayedMessageSender.class);
            assertThat(context).doesNotHaveBean(TransactionalMessageProducer.class);
            assertThat(context).doesNotHaveBean(TransactionCheckLifecycle.class);
            assertThat(context).doesNotHaveBean(SpringIdempotentConsumer.class);
        });
    }

    @Test
    void producerGroupEnablesTheTransactionalTemplate() {
        runner.withPropertyValues("mq.client.producer-group=orders").run(context -> {
            assertThat(context).hasSingleBean(TransactionalMessageProducer.class);
            assertThat(context.getBean(TransactionalMessageProducer.class).producerGroup()).isEqualTo("orders");
        });
    }

    @Test
    void invalidProducerGroupFailsAtStartup() {
        runner.withPropertyValues("mq.client.producer-group=no spaces allowed")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void idempotentConsumerComesWithADatabase() {
        runner.withPropertyValues("mq.client.idempotent.create-table=false")
                .withBean(DataSource.class, SimpleDriverDataSource::new)
                .withBean(DataSourceTransactionManager.class, () -> new DataSourceTransactionManager(new SimpleDriverDataSource()))
                .run(context -> assertThat(context).hasSingleBean(SpringIdempotentConsumer.class));
    }
}
