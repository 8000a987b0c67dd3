package io.seckill.mq.client.spring;

import io.seckill.mq.client.MqContract;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of mq-client in a Spring Boot application ({@code mq.client.*}); the connection itself comes from
 * {@code spring.kafka.*}.
 *
 * @param producerGroup the group whose instances answer check-backs for this application's transactional messages;
 *                      without it there is no transactional template
 * @param maxDelay      the longest delay the delayed sender accepts (keep it at or below the coordinator's)
 * @param idempotent    the idempotent consumer's table
 */
@ConfigurationProperties("mq.client")
public record MqClientProperties(String producerGroup, @DefaultValue("7d") Duration maxDelay,
                                 @DefaultValue Idempotent idempotent) {

    public MqClientProperties {
        if (producerGroup != null) {
            MqContract.ProducerGroups.requireValid(producerGroup);
        }
    }

    /**
     * @param table       name of the consumed-message table
     * @param createTable create it at startup if missing (turn off when a Flyway migration owns it)
     */
    public record Idempotent(@DefaultValue("consumed_message") String table, @DefaultValue("true") boolean createTable) {
    }
}
