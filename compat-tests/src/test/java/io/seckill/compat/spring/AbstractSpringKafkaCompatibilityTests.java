package io.seckill.compat.spring;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a Spring Boot 4 application with spring-boot-starter-kafka relies on, asserted identically
 * against every broker: subclasses only say which broker ({@code spring.kafka.bootstrap-servers}).
 * The application context is closed after the class, before its broker stops.
 */
@SpringBootTest(classes = CompatibilityApplication.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class AbstractSpringKafkaCompatibilityTests {

    @Autowired
    private KafkaTemplate<Object, Object> template;
    @Autowired
    private KafkaListenerEndpointRegistry registry;
    @Autowired
    private CompatTopics topics;
    @Autowired
    private PartitionedListener partitionedListener;
    @Autowired
    private ManualAckListener manualAckListener;
    @Autowired
    private BatchListener batchListener;
    @Autowired
    private DeadLetterListener deadLetterListener;
    @Autowired
    private RetryingListener retryingListener;
    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void everyRecordIsDeliveredOnceAndInOrderWhenThreeConcurrentConsumersShareSixPartitions() {
        ConcurrentMessageListenerContainer<?, ?> container =
                (ConcurrentMessageListenerContainer<?, ?>) registry.getListenerContainer(PartitionedListener.ID);
        eventually().untilAsserted(() -> assertThat(container.getContainers()).hasSize(3)
                .allSatisfy(consumer -> assertThat(consumer.getAssignedPartitions()).hasSize(2)));
        int recordsPerPartition = 100;
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int partition = 0; partition < CompatTopics.CONCURRENT_PARTITIONS; partition++) {
            for (int i = 0; i < recordsPerPartition; i++) {
                sends.add(template.send(topics.concurrent(), partition, "key-" + i, partition + ":" + i));
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

        int total = CompatTopics.CONCURRENT_PARTITIONS * recordsPerPartition;
        eventually().until(() -> partitionedListener.deliveries().size() >= total);
        List<Delivery> deliveries = partitionedListener.deliveries();
        assertThat(deliveries).hasSize(total);
        assertThat(deliveries.stream().map(d -> d.partition() + "@" + d.offset()).distinct()).hasSize(total);
        Map<Integer, List<Delivery>> byPartition = deliveries.stream().collect(Collectors.groupingBy(Delivery::partition));
        assertThat(byPartition).hasSize(CompatTopics.CONCURRENT_PARTITIONS).allSatisfy((partition, received) -> {
            assertThat(received).extracting(Delivery::value).containsExactlyElementsOf(
                    IntStream.range(0, recordsPerPartition).mapToObj(i -> partition + ":" + i).toList());
            assertThat(received).extracting(Delivery::thread).containsOnly(received.getFirst().thread());
        });
        assertThat(deliveries.stream().map(Delivery::thread).distinct()).hasSize(3);
    }

    @Test
    void onlyAcknowledgedOffsetsAreCommittedSoARestartedContainerRedeliversTheUnacknowledgedRecords() {
        int records = 10;
        int acknowledged = ManualAckListener.ACKNOWLEDGED_ON_FIRST_DELIVERY;
        sendAndWait(topics.manualAck(), IntStream.range(0, records).mapToObj(i -> "record-" + i).toList());
        eventually().until(() -> manualAckListener.deliveries().size() >= records);
        String group = topics.group("manual-ack");
        eventually().untilAsserted(() -> assertThat(committedOffsets(group, topics.manualAck())).isEqualTo(Map.of(0, (long) acknowledged)));

        MessageListenerContainer container = registry.getListenerContainer(ManualAckListener.ID);
        container.stop();
        container.start();

        int redelivered = records - acknowledged;
        eventually().until(() -> manualAckListener.deliveries().size() >= records + redelivered);
        List<String> expected = new ArrayList<>();
        IntStream.range(0, records).forEach(i -> expected.add("record-" + i));
        IntStream.range(acknowledged, records).forEach(i -> expected.add("record-" + i));
        assertThat(manualAckListener.deliveries()).extracting(Delivery::value).containsExactlyElementsOf(expected);
        eventually().untilAsserted(() -> assertThat(committedOffsets(group, topics.manualAck())).isEqualTo(Map.of(0, (long) records)));
    }

    @Test
    void batchListenerReceivesEveryRecordInBatchesAndCommitsAfterEachBatch() {
        int recordsPerPartition = 30;
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int partition = 0; partition < CompatTopics.BATCH_PARTITIONS; partition++) {
            for (int i = 0; i < recordsPerPartition; i++) {
                sends.add(template.send(topics.batch(), partition, null, partition + ":" + i));
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

        registry.getListenerContainer(BatchListener.ID).start();

        int total = CompatTopics.BATCH_PARTITIONS * recordsPerPartition;
        eventually().until(() -> batchListener.deliveries().size() >= total);
        assertThat(batchListener.deliveries()).hasSize(total)
                .extracting(Delivery::value).doesNotHaveDuplicates();
        assertThat(batchListener.batches()).anySatisfy(batch -> assertThat(batch).hasSizeGreaterThan(1));
        Map<Integer, Long> endOffsets = IntStream.range(0, CompatTopics.BATCH_PARTITIONS).boxed()
                .collect(Collectors.toMap(p -> p, p -> (long) recordsPerPartition));
        eventually().untilAsserted(() -> assertThat(committedOffsets(topics.group("batch"), topics.batch())).isEqualTo(endOffsets));
    }

    @Test
    void failingRecordIsRetriedThenPublishedToTheDeadLetterTopicWhileLaterRecordsAreProcessed() {
        String topic = topics.deadLetter();
        sendAndWait(topic, List.of("ok-1", "poison-1", "ok-2"));

        eventually().until(() -> deadLetterListener.processed().size() >= 2);
        assertThat(deadLetterListener.processed()).extracting(Delivery::value).containsExactly("ok-1", "ok-2");
        assertThat(deadLetterListener.attempts()).filteredOn(d -> d.value().equals("poison-1"))
                .hasSize(1 + CompatibilityApplication.DEAD_LETTER_RETRIES)
                .extracting(Delivery::offset).containsOnly(1L);

        List<ConsumerRecord<String, String>> deadLetters = readFromBeginning(topic + "-dlt", 1);
        assertThat(deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.value()).isEqualTo("poison-1");
            assertThat(headerText(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topic);
            assertThat(ByteBuffer.wrap(header(dead, KafkaHeaders.DLT_ORIGINAL_OFFSET)).getLong()).isEqualTo(1L);
            assertThat(headerText(dead, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).contains("cannot process poison-1");
        });
        eventually().untilAsserted(() -> assertThat(committedOffsets(topics.group("dead-letter"), topic)).isEqualTo(Map.of(0, 3L)));
    }

    @Test
    void retryableTopicRedeliversAFailingRecordFromTheRetryTopicUntilItSucceeds() {
        String topic = topics.retryable();
        sendAndWait(topic, List.of("flaky-1"));

        eventually().until(() -> retryingListener.succeeded().stream().anyMatch(d -> d.value().equals("flaky-1")));
        List<Delivery> attempts = retryingListener.attempts("flaky-1");
        assertThat(attempts).hasSize(RetryingListener.FLAKY_FAILURES + 1);
        assertThat(attempts.getFirst().topic()).isEqualTo(topic);
        assertThat(attempts.subList(1, attempts.size())).extracting(Delivery::topic).allMatch(t -> t.startsWith(topic + "-retry"));
        assertThat(retryingListener.deadLettered()).extracting(Delivery::value).doesNotContain("flaky-1");
    }

    @Test
    void retryableTopicSendsARecordThatFailsEveryAttemptToTheDeadLetterTopic() {
        String topic = topics.retryable();
        sendAndWait(topic, List.of("doomed-1"));

        eventually().until(() -> retryingListener.deadLettered().stream().anyMatch(d -> d.value().equals("doomed-1")));
        List<Delivery> attempts = retryingListener.attempts("doomed-1");
        assertThat(attempts).hasSize(RetryingListener.ATTEMPTS);
        assertThat(attempts.getFirst().topic()).isEqualTo(topic);
        assertThat(attempts.subList(1, attempts.size())).extracting(Delivery::topic).allMatch(t -> t.startsWith(topic + "-retry"));
        assertThat(retryingListener.deadLettered()).filteredOn(d -> d.value().equals("doomed-1"))
                .singleElement().extracting(Delivery::topic).isEqualTo(topic + "-dlt");
        assertThat(retryingListener.succeeded()).extracting(Delivery::value).doesNotContain("doomed-1");
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    }

    /** Sends the values in order to partition 0 and waits for every acknowledgement. */
    private void sendAndWait(String topic, List<String> values) {
        for (String value : values) {
            template.send(topic, 0, null, value).join();
        }
    }

    /** Committed offsets of a group for one topic, by partition (OffsetFetch through the Admin client). */
    private Map<Integer, Long> committedOffsets(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        }
    }

    /** Reads partition 0 of a topic from the start without a consumer group until {@code count} records arrived. */
    private List<ConsumerRecord<String, String>> readFromBeginning(String topic, int count) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            eventually().pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    private static byte[] header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return header.value();
    }

    private static String headerText(ConsumerRecord<?, ?> record, String name) {
        return new String(header(record, name), StandardCharsets.UTF_8);
    }
}
