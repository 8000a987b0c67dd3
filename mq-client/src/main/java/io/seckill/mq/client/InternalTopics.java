package io.seckill.mq.client;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the protocol's topics where they are missing, so the same code runs on mq-broker and on an Apache Kafka
 * cluster whose automatic topic creation is off. Replication is left to the cluster's default.
 */
public final class InternalTopics {

    private InternalTopics() {
    }

    /** Creates {@code topic} with {@code partitions} partitions and {@code configs} unless it exists. */
    public static void ensure(Admin admin, String topic, int partitions, Map<String, String> configs) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs);
        try {
            admin.createTopics(java.util.List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new MqClientException("could not create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new MqClientException("timed out creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqClientException("interrupted while creating topic " + topic, e);
        }
    }
}
