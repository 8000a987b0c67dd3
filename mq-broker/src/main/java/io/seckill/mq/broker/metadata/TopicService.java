package io.seckill.mq.broker.metadata;

import io.seckill.mq.broker.log.LogManager;
import io.seckill.mq.broker.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Creates, grows and deletes topics: the durable topic list ({@link TopicRegistry}) and the partition
 * logs ({@link LogManager}) change together.
 *
 * <p>Ordering makes crashes harmless: a topic is recorded before its logs exist (missing logs are
 * created on start) and forgotten before its logs are removed (orphaned logs are removed on start).
 * Changes are serialized by the instance lock; lookups are lock-free.
 */
public final class TopicService {

    private final TopicRegistry registry;
    private final LogManager logs;
    private final TopicConfigs configs;
    private final int defaultPartitions;
    private final List<Consumer<String>> deletionListeners = new CopyOnWriteArrayList<>();

    public TopicService(TopicRegistry registry, LogManager logs, TopicConfigs configs, int defaultPartitions) {
        this.registry = registry;
        this.logs = logs;
        this.configs = configs;
        this.defaultPartitions = defaultPartitions;
    }

    public TopicRegistry registry() {
        return registry;
    }

    public TopicConfigs configs() {
        return configs;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    /**
     * Validates (and unless {@code validateOnly}, creates) a topic. {@code partitions} and
     * {@code replicationFactor} of -1 mean the broker default.
     */
    public synchronized TopicMetadata create(String name, int partitions, short replicationFactor,
                                             Map<String, String> overrides, boolean validateOnly) {
        Topic.validate(name);
        if (registry.topic(name).isPresent()) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        int count = partitions == -1 ? defaultPartitions : partitions;
        if (count < 1) {
            throw new InvalidPartitionsException("Number of partitions must be larger than 0, was " + partitions);
        }
        if (replicationFactor != -1 && replicationFactor != 1) {
            throw new InvalidReplicationFactorException("Replication factor: " + replicationFactor
                    + " larger than available brokers: 1.");
        }
        TopicConfigs.validate(overrides);
        if (validateOnly) {
            return new TopicMetadata(name, org.apache.kafka.common.Uuid.ZERO_UUID, count, overrides);
        }
        TopicMetadata topic = registry.create(name, count, overrides);
        createLogs(topic, 0);
        return topic;
    }

    public synchronized TopicMetadata increasePartitions(String name, int newCount, boolean validateOnly) {
        TopicMetadata current = registry.topic(name).orElseThrow(() ->
                new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist."));
        if (newCount <= current.partitionCount()) {
            throw new InvalidPartitionsException("Topic currently has " + current.partitionCount()
                    + " partitions, which is higher than the requested " + newCount + ".");
        }
        if (validateOnly) {
            return current.withPartitionCount(newCount);
        }
        TopicMetadata updated = registry.increasePartitions(name, newCount);
        createLogs(updated, current.partitionCount());
        return updated;
    }

    /** Deletes a topic and its logs, then tells the deletion listeners. Internal topics cannot be deleted. */
    public synchronized TopicMetadata delete(String name) {
        if (Topic.isInternal(name)) {
            throw new InvalidTopicException("Topic '" + name + "' is internal and cannot be deleted.");
        }
        TopicMetadata removed = registry.delete(name);
        for (int p = 0; p < removed.partitionCount(); p++) {
            logs.deletePartition(new TopicPartition(name, p));
        }
        deletionListeners.forEach(listener -> listener.accept(name));
        return removed;
    }

    /** Registers a callback run with the name of every deleted topic (e.g. to drop its committed offsets). */
    public void onTopicDeleted(Consumer<String> listener) {
        deletionListeners.add(listener);
    }

    /**
     * The single partition of a broker-internal topic such as {@code __consumer_offsets}, created
     * on first use with the given config overrides. Clients see it as internal and cannot delete it.
     */
    public synchronized PartitionLog internalPartition(String name, Map<String, String> overrides) {
        if (!Topic.isInternal(name)) {
            throw new IllegalArgumentException(name + " is not an internal topic name");
        }
        TopicMetadata topic = registry.topic(name)
                .orElseGet(() -> registry.create(name, 1, TopicConfigs.validate(overrides)));
        createLogs(topic, 0);
        return logs.partition(new TopicPartition(name, 0)).orElseThrow();
    }

    public Optional<PartitionLog> partition(TopicPartition tp) {
        return logs.partition(tp);
    }

    /** Creates missing logs of every registered topic (after a crash between registry write and log creation). */
    public synchronized void createMissingLogs() {
        registry.topics().forEach(topic -> createLogs(topic, 0));
    }

    private void createLogs(TopicMetadata topic, int fromPartition) {
        try {
            for (int p = fromPartition; p < topic.partitionCount(); p++) {
                logs.createPartition(new TopicPartition(topic.name(), p), configs.logConfig(topic.configOverrides()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create logs of topic " + topic.name(), e);
        }
    }
}
