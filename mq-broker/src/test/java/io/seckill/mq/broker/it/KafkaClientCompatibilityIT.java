package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unmodified kafka-clients 4.x (Admin, KafkaProducer, KafkaConsumer) against mq-broker. */
@ExtendWith(BrokerExtension.class)
class KafkaClientCompatibilityIT {

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BrokerExtension.bootstrapServers()));
    }

    @Test
    void adminClientCreatesDescribesGrowsAndDeletesTopics() throws Exception {
        String topic = BrokerExtension.uniqueTopic("admin");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                    .configs(Map.of("retention.ms", "3600000")))).all().get();

            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(3);
            assertThat(description.partitions().getFirst().leader().id()).isEqualTo(BrokerExtension.broker().config().nodeId());
            assertThat(description.topicId().toString()).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAA");

            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");

            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(6))).all().get();
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(6);

            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get())
                    .hasCauseInstanceOf(TopicExistsException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic + "-x", 1, (short) 3))).all().get())
                    .hasCauseInstanceOf(InvalidReplicationFactorException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic + "-y", 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get())
                    .hasCauseInstanceOf(InvalidConfigurationException.class);

            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            assertThat(admin.describeCluster().clusterId().get()).isNotBlank();

            admin.deleteTopics(List.of(topic)).all().get();
            assertThat(admin.listTopics().names().get()).doesNotContain(topic, topic + "-x", topic + "-y");
            assertThatThrownBy(() -> admin.describeTopics(List.of(topic)).allTopicNames().get())
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @ParameterizedTest(name = "compression={0}")
    @ValueSource(strings = {"lz4", "none"})
    void defaultProducerRecordsAreReadBackByteIdenticalInOrder(String compression) throws Exception {
        String topic = BrokerExtension.uniqueTopic("roundtrip-" + compression);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        int count = 100_000;
        List<Sent> sent = produce(topic, count, compression);

        Map<TopicPartition, Map<Long, Sent>> expected = new HashMap<>();
        Map<TopicPartition, Long> lastOffset = new HashMap<>();
        for (Sent s : sent) {
            TopicPartition tp = new TopicPartition(topic, s.metadata.partition());
            expected.computeIfAbsent(tp, k -> new HashMap<>()).put(s.metadata.offset(), s);
            // per-partition order: a later send never gets a smaller offset
            assertThat(s.metadata.offset()).isGreaterThan(lastOffset.getOrDefault(tp, -1L));
            lastOffset.put(tp, s.metadata.offset());
        }
        assertThat(expected).hasSize(6);

        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> consumed = consumeAll(topic, 6, sent.size());
        for (Map.Entry<TopicPartition, Map<Long, Sent>> partition : expected.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> records = consumed.get(partition.getKey());
            assertThat(records).hasSize(partition.getValue().size());
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<byte[], byte[]> record = records.get(i);
                assertThat(record.offset()).as("offsets are contiguous from 0").isEqualTo(i);
                Sent original = partition.getValue().get(record.offset());
                assertThat(record.key()).isEqualTo(original.record.key());
                assertThat(record.value()).isEqualTo(original.record.value());
                assertThat(record.headers().toArray()).containsExactly(original.record.headers().toArray());
                assertThat(record.timestamp()).isEqualTo(original.metadata.timestamp());
            }
        }
    }

    @Test
    void listOffsetsFindsEarliestLatestMaxTimestampAndOffsetsByTime() throws Exception {
        String topic = BrokerExtension.uniqueTopic("offsets");
        long t0 = System.currentTimeMillis() - 3_600_000;
        try (Admin admin = admin(); KafkaProducer<byte[], byte[]> producer = producer("none")) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, 0, t0 + i * 1000L, null, ("v" + i).getBytes())).get();
            }
            TopicPartition tp = new TopicPartition(topic, 0);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset()).isZero();
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset()).isEqualTo(20);
            var byTime = admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(t0 + 5_500))).all().get().get(tp);
            assertThat(byTime.offset()).isEqualTo(6);
            assertThat(byTime.timestamp()).isEqualTo(t0 + 6_000);
            var max = admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).all().get().get(tp);
            assertThat(max.offset()).isEqualTo(19);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(t0 + 60_000))).all().get().get(tp).offset())
                    .isEqualTo(-1);
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                assertThat(consumer.offsetsForTimes(Map.of(tp, t0 + 10_000)).get(tp).offset()).isEqualTo(10);
            }
        }
    }

    private record Sent(ProducerRecord<byte[], byte[]> record, RecordMetadata metadata) {
    }

    private static List<Sent> produce(String topic, int count, String compression)
            throws ExecutionException, InterruptedException {
        Random random = new Random(42);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            byte[] key = i % 1000 == 7 ? null : ("key-" + (i % 5000)).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 997 == 3 ? new byte[0] : new byte[random.nextInt(200) + 1];
            random.nextBytes(value);
            List<Header> headers = i % 10 == 0
                    ? List.of(new RecordHeader("seq", String.valueOf(i).getBytes()), new RecordHeader("empty", new byte[0]))
                    : List.of();
            records.add(new ProducerRecord<>(topic, null, key, value, headers));
        }
        byte[] big = new byte[900 * 1024];
        random.nextBytes(big);
        records.add(new ProducerRecord<>(topic, "big".getBytes(), big));

        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        try (KafkaProducer<byte[], byte[]> producer = producer(compression)) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                futures.add(producer.send(record));
            }
            producer.flush();
        }
        List<Sent> sent = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            sent.add(new Sent(records.get(i), futures.get(i).get()));
        }
        return sent;
    }

    static KafkaProducer<byte[], byte[]> producer(String compression) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BrokerExtension.bootstrapServers());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BrokerExtension.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> consumeAll(String topic, int partitions,
                                                                                         int expectedCount) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> result = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> assignment = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assignment.add(new TopicPartition(topic, p));
            }
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            int total = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (total < expectedCount && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    result.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), k -> new ArrayList<>())
                            .add(record);
                    total++;
                }
            }
            assertThat(total).as("records consumed").isEqualTo(expectedCount);
            // nothing beyond what was produced
            assertThat(consumer.poll(Duration.ofMillis(500)).count()).isZero();
            Map<TopicPartition, Long> ends = consumer.endOffsets(assignment);
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expectedCount);
        }
        return result;
    }
}
