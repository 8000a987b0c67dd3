package io.seckill.mq.broker.it;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One member of a consumer group on its own thread, at-least-once: it hands every polled record to
 * the sink, then commits synchronously (also before partitions are revoked). {@link #close()}
 * stops it, which sends LeaveGroup. Thread-safe to observe; the KafkaConsumer is used by its
 * thread only.
 */
final class GroupConsumer implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Consumer<ConsumerRecord<byte[], byte[]>> sink;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger failedCommits = new AtomicInteger();
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile boolean stopping;

    GroupConsumer(String bootstrap, String groupId, String topic, Map<String, Object> overrides,
                  Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.putAll(overrides);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.sink = sink;
        this.thread = Thread.ofPlatform().name("consumer-" + groupId).start(() -> run(topic));
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit();
                    Set<TopicPartition> remaining = new HashSet<>(assignment);
                    remaining.removeAll(partitions);
                    assignment = Set.copyOf(remaining);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    Set<TopicPartition> grown = new HashSet<>(assignment);
                    grown.addAll(partitions);
                    assignment = Set.copyOf(grown);
                }
            });
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                records.forEach(sink);
                if (!records.isEmpty()) {
                    commit();
                }
            }
        } catch (Throwable e) {
            failure.set(e);
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void commit() {
        try {
            consumer.commitSync();
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The group moved on; the new owner re-reads from the last commit (counted as duplicates).
            failedCommits.incrementAndGet();
        }
    }

    /** The partitions this member owns now (as of its last rebalance callback). */
    Set<TopicPartition> assignment() {
        return assignment;
    }

    int failedCommits() {
        return failedCommits.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(Duration.ofSeconds(30));
        Throwable error = failure.get();
        if (error != null) {
            throw new AssertionError("consumer failed", error);
        }
    }
}
