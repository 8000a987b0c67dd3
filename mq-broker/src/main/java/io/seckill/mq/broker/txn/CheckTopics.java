package io.seckill.mq.broker.txn;

import io.seckill.mq.client.InternalTopics;
import io.seckill.mq.client.MqContract;
import org.apache.kafka.clients.admin.Admin;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a producer group's check topic exists before the first check-back is sent to it, so a send never
 * blocks on a missing topic (a Kafka cluster may not create topics automatically). Thread-safe; each topic is
 * created at most once per process.
 */
public final class CheckTopics {

    private final Admin admin;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public CheckTopics(Admin admin) {
        this.admin = admin;
    }

    /** The check topic of {@code producerGroup}, created if it was missing. */
    public String ensure(String producerGroup) {
        String topic = MqContract.Topics.check(producerGroup);
        if (!known.contains(topic)) {
            InternalTopics.ensure(admin, topic, MqContract.Defaults.CHECK_PARTITIONS, Map.of());
            known.add(topic);
        }
        return topic;
    }
}
