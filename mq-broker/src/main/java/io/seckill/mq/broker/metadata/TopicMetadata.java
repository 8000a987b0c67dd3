package io.seckill.mq.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.util.Map;

/** A topic as the broker knows it: immutable; a change produces a new instance. */
public record TopicMetadata(String name, Uuid topicId, int partitionCount, Map<String, String> configOverrides) {

    public TopicMetadata {
        configOverrides = Map.copyOf(configOverrides);
    }

    public TopicMetadata withPartitionCount(int count) {
        return new TopicMetadata(name, topicId, count, configOverrides);
    }
}
