package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer groups end to end with unmodified kafka-clients: partitions shared among members,
 * rebalances when members come and go, committed offsets honoured, groups independent, and lag
 * visible the way {@code kafka-consumer-groups --describe} computes it and on {@code /metrics}.
 */
@ExtendWith(BrokerExtension.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ConsumerGroupIT {

    private static final int PARTITIONS = 6;
    private static final int RECORDS = 200_000;
    private static final int KEYS = 1_000;

    @Test
    void groupMembersSharePartitionsAndRebalancesLoseNothing() throws Exception {
        String bootstrap = BrokerExtension.bootstrapServers();
        String topic = BrokerExtension.uniqueTopic("group");
        String group = BrokerExtension.uniqueTopic("readers");
        BrokerClients.createTopic(bootstrap, topic, PARTITIONS);
        ConsumptionLedger ledger = new ConsumptionLedger();
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(bootstrap, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65_536))) {
            produce(producer, topic, 0, RECORDS / 2);
            List<GroupConsumer> members = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                members.add(new GroupConsumer(bootstrap, group, topic, Map.of(), ledger::record));
            }
            awaitTrue("3 members with 2 partitions each", () -> members.stream()
                    .allMatch(m -> m.assignment().size() == 2) && union(members).size() == PARTITIONS);

            GroupConsumer fourth = new GroupConsumer(bootstrap, group, topic, Map.of(), ledger::record);
            members.add(fourth);
            awaitTrue("the 4th member gets partitions", () -> !fourth.assignment().isEmpty()
                    && members.stream().mapToInt(m -> m.assignment().size()).sum() == PARTITIONS);
            produce(producer, topic, RECORDS / 2, RECORDS);
            members.removeFirst().close();
            awaitTrue("3 remaining members own all partitions", () -> union(members).size() == PARTITIONS
                    && members.stream().mapToInt(m -> m.assignment().size()).sum() == PARTITIONS);

            Map<TopicPartition, Long> ends = endOffsets(bootstrap, topic);
            awaitTrue("every record consumed", () -> ledger.reached(ends));
            for (GroupConsumer member : members) {
                member.close();
            }
        }
        System.out.printf("consumer group read %d records, %d duplicates after rebalances%n",
                ledger.distinctRecords(), ledger.duplicates());
        assertThat(ledger.violations()).isEmpty();
        assertThat(ledger.distinctRecords()).isEqualTo(RECORDS);

        assertThat(committedOffsets(bootstrap, group)).isEqualTo(endOffsets(bootstrap, topic));
        assertThat(consumeFor(bootstrap, group, topic, Duration.ofSeconds(3))).isZero();
        ConsumptionLedger secondGroup = new ConsumptionLedger();
        try (GroupConsumer other = new GroupConsumer(bootstrap, group + "-again", topic, Map.of(), secondGroup::record)) {
            Map<TopicPartition, Long> ends = endOffsets(bootstrap, topic);
            awaitTrue("a second group reads everything again", () -> secondGroup.reached(ends));
        }
        assertThat(secondGroup.distinctRecords()).isEqualTo(RECORDS);
    }

    @Test
    void lagIsVisibleThroughAdminApisAndMetrics() throws Exception {
        String bootstrap = BrokerExtension.bootstrapServers();
        String topic = BrokerExtension.uniqueTopic("lag");
        String group = BrokerExtension.uniqueTopic("lagging");
        BrokerClients.createTopic(bootstrap, topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(bootstrap, Map.of())) {
            produce(producer, topic, 0, 100);
            ConsumptionLedger ledger = new ConsumptionLedger();
            try (GroupConsumer member = new GroupConsumer(bootstrap, group, topic, Map.of(), ledger::record)) {
                Map<TopicPartition, Long> ends = endOffsets(bootstrap, topic);
                awaitTrue("all consumed", () -> ledger.reached(ends));
                awaitTrue("all committed", () -> committedOffsets(bootstrap, group).equals(ends));
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                            .describedGroups().get(group).get();
                    assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
                    assertThat(description.members()).singleElement().satisfies(m ->
                            assertThat(m.assignment().topicPartitions()).hasSize(2));
                }
            }
            produce(producer, topic, 100, 130);
        }

        assertThat(lagByAdmin(bootstrap, group)).isEqualTo(30);
        String metrics = scrapeMetrics();
        long metricLag = metrics.lines()
                .filter(line -> line.startsWith("mq_consumer_lag{") && line.contains("group=\"" + group + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        assertThat(metricLag).isEqualTo(30);
    }

    static void produce(KafkaProducer<byte[], byte[]> producer, String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(topic, ("k" + (i % KEYS)).getBytes(StandardCharsets.UTF_8),
                    String.valueOf(i).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** Lag as {@code kafka-consumer-groups --describe} computes it: log end minus committed offset. */
    private static long lagByAdmin(String bootstrap, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return committed.entrySet().stream()
                    .mapToLong(e -> ends.get(e.getKey()).offset() - e.getValue().offset()).sum();
        }
    }

    static Map<TopicPartition, Long> committedOffsets(String bootstrap, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, offset) -> offsets.put(tp, offset.offset()));
            return offsets;
        }
    }

    static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    /** Records a new member of {@code group} receives within {@code duration}. */
    static long consumeFor(String bootstrap, String group, String topic, Duration duration) throws Exception {
        AtomicLong received = new AtomicLong();
        try (GroupConsumer late = new GroupConsumer(bootstrap, group, topic, Map.of(), r -> received.incrementAndGet())) {
            awaitTrue("the late member is assigned", () -> !late.assignment().isEmpty());
            Thread.sleep(duration.toMillis());
        }
        return received.get();
    }

    private static Set<TopicPartition> union(List<GroupConsumer> members) {
        Set<TopicPartition> all = new HashSet<>();
        members.forEach(m -> all.addAll(m.assignment()));
        return all;
    }

    static void awaitTrue(String what, ThrowingCondition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.test()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A condition that may call the Admin client. */
    @FunctionalInterface
    interface ThrowingCondition {
        boolean test() throws Exception;
    }

    private static String scrapeMetrics() throws Exception {
        int adminPort = BrokerExtension.broker().adminPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
