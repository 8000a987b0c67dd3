package io.seckill.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a topic from the beginning with a plain {@link KafkaConsumer} (no group: all partitions assigned), keeping
 * the records a filter accepts, as any consumer would see them.
 */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * Polls until {@code done} holds for the kept records, then {@code settle} longer (to catch records that should
     * not be there), or until {@code timeout}; returns what was kept either way.
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrapServers, String topic,
                                                            Predicate<ConsumerRecord<byte[], byte[]>> keep,
                                                            Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                            Duration settle, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> kept = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean settling = false;
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (keep.test(record)) {
                        kept.add(record);
                    }
                }
                if (!settling && done.test(kept)) {
                    settling = true;
                    deadline = Math.min(deadline, System.nanoTime() + settle.toNanos());
                }
            }
        }
        return kept;
    }
}
