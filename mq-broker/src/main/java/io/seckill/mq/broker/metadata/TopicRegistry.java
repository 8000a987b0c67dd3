package io.seckill.mq.broker.metadata;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable list of topics: name, id, partition count and config overrides, one small properties
 * file per topic under {@code <data-dir>/__metadata/topics}.
 *
 * <p>Thread-safety: reads are lock-free on immutable {@link TopicMetadata}; changes are serialized by
 * the instance lock and written to disk (fsynced, atomically renamed) before they become visible.
 */
public final class TopicRegistry {

    private static final String SUFFIX = ".properties";

    private final Path topicsDir;
    private final Map<String, TopicMetadata> byName = new ConcurrentHashMap<>();
    private final Map<Uuid, TopicMetadata> byId = new ConcurrentHashMap<>();

    private TopicRegistry(Path topicsDir) {
        this.topicsDir = topicsDir;
    }

    public static TopicRegistry load(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("__metadata").resolve("topics");
        Files.createDirectories(dir);
        TopicRegistry registry = new TopicRegistry(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                TopicMetadata topic = read(file);
                registry.byName.put(topic.name(), topic);
                registry.byId.put(topic.topicId(), topic);
            }
        }
        return registry;
    }

    public Collection<TopicMetadata> topics() {
        return List.copyOf(byName.values());
    }

    public Optional<TopicMetadata> topic(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    public Optional<TopicMetadata> topic(Uuid topicId) {
        return topicId == null ? Optional.empty() : Optional.ofNullable(byId.get(topicId));
    }

    /** Validates the name; throws TopicExistsException / InvalidTopicException with Kafka's semantics. */
    public synchronized TopicMetadata create(String name, int partitions, Map<String, String> overrides) {
        Topic.validate(name);
        if (byName.containsKey(name)) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        if (Topic.hasCollisionChars(name)) {
            for (String existing : byName.keySet()) {
                if (Topic.hasCollision(name, existing)) {
                    throw new org.apache.kafka.common.errors.InvalidTopicException("Topic '" + name
                            + "' collides with existing topic '" + existing + "' ('.' and '_' are equivalent in metric names)");
                }
            }
        }
        if (partitions < 1) {
            throw new InvalidPartitionsException("Number of partitions must be larger than 0, was " + partitions);
        }
        TopicMetadata topic = new TopicMetadata(name, Uuid.randomUuid(), partitions, overrides);
        persist(topic);
        byName.put(name, topic);
        byId.put(topic.topicId(), topic);
        return topic;
    }

    public synchronized TopicMetadata increasePartitions(String name, int newCount) {
        TopicMetadata current = topic(name).orElseThrow(() -> unknown(name));
        if (newCount <= current.partitionCount()) {
            throw new InvalidPartitionsException("Topic currently has " + current.partitionCount()
                    + " partitions, which is higher than the requested " + newCount + ".");
        }
        TopicMetadata updated = current.withPartitionCount(newCount);
        persist(updated);
        byName.put(name, updated);
        byId.put(updated.topicId(), updated);
        return updated;
    }

    public synchronized TopicMetadata delete(String name) {
        TopicMetadata current = topic(name).orElseThrow(() -> unknown(name));
        try {
            DurableFiles.delete(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byName.remove(name);
        byId.remove(current.topicId());
        return current;
    }

    private static UnknownTopicOrPartitionException unknown(String name) {
        return new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
    }

    private Path file(String name) {
        return topicsDir.resolve(name + SUFFIX);
    }

    private void persist(TopicMetadata topic) {
        Properties properties = new Properties();
        properties.setProperty("name", topic.name());
        properties.setProperty("id", topic.topicId().toString());
        properties.setProperty("partitions", String.valueOf(topic.partitionCount()));
        topic.configOverrides().forEach((key, value) -> properties.setProperty("config." + key, value));
        StringWriter out = new StringWriter();
        try {
            properties.store(out, null);
            DurableFiles.replace(file(topic.name()), out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist topic " + topic.name(), e);
        }
    }

    private static TopicMetadata read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> overrides = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("config.")) {
                overrides.put(key.substring("config.".length()), properties.getProperty(key));
            }
        }
        return new TopicMetadata(properties.getProperty("name"), Uuid.fromString(properties.getProperty("id")),
                Integer.parseInt(properties.getProperty("partitions")), overrides);
    }
}
