package io.seckill.compat.spring;

import io.seckill.compat.broker.BrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Spring Kafka compatibility tests against mq-broker. */
class SpringKafkaOnMqBrokerIT extends AbstractSpringKafkaCompatibilityTests {

    @RegisterExtension
    static final BrokerExtension broker = BrokerExtension.mqBroker();

    @DynamicPropertySource
    static void bootstrapServers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }
}
