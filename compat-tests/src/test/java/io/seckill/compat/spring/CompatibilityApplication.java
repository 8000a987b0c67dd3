package io.seckill.compat.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A plain Spring Boot 4 application using spring-boot-starter-kafka the way the platform's services do:
 * auto-configured {@code KafkaTemplate} and consumer factory, one container factory per acknowledgement
 * style, topics declared as {@code NewTopic} beans. Only {@code spring.kafka.bootstrap-servers} tells
 * it which broker it runs against.
 */
@SpringBootApplication
public class CompatibilityApplication {

    /** Redeliveries of a failing record before the {@code DefaultErrorHandler} dead-letters it. */
    public static final int DEAD_LETTER_RETRIES = 2;

    @Bean
    CompatTopics compatTopics() {
        return new CompatTopics();
    }

    @Bean
    KafkaAdmin.NewTopics compatibilityTopics(CompatTopics topics) {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(topics.concurrent()).partitions(CompatTopics.CONCURRENT_PARTITIONS).replicas(1).build(),
                TopicBuilder.name(topics.manualAck()).partitions(1).replicas(1).build(),
                TopicBuilder.name(topics.batch()).partitions(CompatTopics.BATCH_PARTITIONS).replicas(1).build(),
                TopicBuilder.name(topics.deadLetter()).partitions(1).replicas(1).build(),
                TopicBuilder.name(topics.deadLetter() + "-dlt").partitions(1).replicas(1).build(),
                TopicBuilder.name(topics.retryable()).partitions(1).replicas(1).build());
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> manualAckContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.getContainerProperties().setAckMode(AckMode.MANUAL_IMMEDIATE);
        return factory;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> batchContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        return factory;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> deadLetterContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
            KafkaTemplate<Object, Object> template) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.setCommonErrorHandler(new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template),
                new FixedBackOff(0L, DEAD_LETTER_RETRIES)));
        return factory;
    }

    /** Non-blocking retries ({@code @RetryableTopic}) resume paused partitions on this scheduler. */
    @Bean
    ThreadPoolTaskScheduler retryTopicScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("retry-topic-");
        return scheduler;
    }
}
