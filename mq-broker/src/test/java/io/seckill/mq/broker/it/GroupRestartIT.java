package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.seckill.mq.broker.it.ConsumerGroupIT.committedOffsets;
import static io.seckill.mq.broker.it.ConsumerGroupIT.endOffsets;
import static io.seckill.mq.broker.it.ConsumerGroupIT.produce;
import static org.assertj.core.api.Assertions.assertThat;

/** Committed offsets and the group's generation and members survive a broker SIGKILL and restart. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class GroupRestartIT {

    private static final String TOPIC = "restart";
    private static final String GROUP = "survivors";

    @Test
    void offsetsAndGroupStateSurviveSigkill(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = new BrokerProcess(dir.resolve("data"), "sync").start()) {
            String bootstrap = broker.bootstrapServers();
            BrokerClients.createTopic(bootstrap, TOPIC, 3);
            try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(bootstrap, Map.of())) {
                produce(producer, TOPIC, 0, 1_000);
            }
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
                consumer.subscribe(List.of(TOPIC));
                assertThat(pollUntil(consumer, 1_000)).isEqualTo(1_000);
                consumer.commitSync();
                ConsumerGroupMetadata before = consumer.groupMetadata();

                broker.kill();
                broker.start();

                ConsumerGroupDescription restored = describe(bootstrap);
                assertThat(restored.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(restored.members()).singleElement().satisfies(m -> {
                    assertThat(m.consumerId()).isEqualTo(before.memberId());
                    assertThat(m.assignment().topicPartitions()).hasSize(3);
                });
                assertThat(committedOffsets(bootstrap, GROUP)).isEqualTo(endOffsets(bootstrap, TOPIC));
                try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(bootstrap, Map.of())) {
                    produce(producer, TOPIC, 1_000, 1_100);
                }
                assertThat(pollUntil(consumer, 100)).as("only the records after the commit").isEqualTo(100);
                consumer.commitSync();
                // The client may rejoin after re-bootstrapping its metadata; it stays the same member.
                ConsumerGroupMetadata after = consumer.groupMetadata();
                assertThat(after.memberId()).isEqualTo(before.memberId());
                assertThat(after.generationId()).isGreaterThanOrEqualTo(before.generationId());
            }

            broker.kill();
            broker.start();

            assertThat(committedOffsets(bootstrap, GROUP)).isEqualTo(endOffsets(bootstrap, TOPIC))
                    .containsEntry(new TopicPartition(TOPIC, 0), endOffsets(bootstrap, TOPIC).get(new TopicPartition(TOPIC, 0)));
            assertThat(describe(bootstrap).groupState()).isEqualTo(GroupState.EMPTY);
            try (KafkaConsumer<byte[], byte[]> late = consumer(bootstrap)) {
                late.subscribe(List.of(TOPIC));
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                int received = 0;
                while (System.nanoTime() < deadline) {
                    received += late.poll(Duration.ofMillis(200)).count();
                }
                assertThat(received).as("records after the committed offsets").isZero();
                assertThat(late.assignment()).hasSize(3);
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static int pollUntil(KafkaConsumer<byte[], byte[]> consumer, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int received = 0;
        while (received < expected && System.nanoTime() < deadline) {
            received += consumer.poll(Duration.ofMillis(200)).count();
        }
        return received;
    }

    private static ConsumerGroupDescription describe(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get();
        }
    }
}
