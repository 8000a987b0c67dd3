package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.seckill.mq.broker.it.ConsumerGroupIT.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members join and leave a group every couple of seconds while a producer keeps writing for 20 s,
 * with an eager (range) and an incremental (cooperative-sticky) assignor: nothing is lost, every
 * partition's committed offset ends at the log end, and the at-least-once duplicates are reported.
 */
@ExtendWith(BrokerExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupChurnIT {

    private static final int PARTITIONS = 6;
    private static final long PRODUCE_MS = 20_000;
    private static final long CHURN_INTERVAL_MS = 2_500;

    @ParameterizedTest
    @ValueSource(classes = {RangeAssignor.class, CooperativeStickyAssignor.class})
    void membersComingAndGoingUnderLoadLoseNoRecord(Class<?> assignor) throws Exception {
        String bootstrap = BrokerExtension.bootstrapServers();
        String topic = BrokerExtension.uniqueTopic("churn");
        String group = BrokerExtension.uniqueTopic("churners");
        BrokerClients.createTopic(bootstrap, topic, PARTITIONS);
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName());
        ConsumptionLedger ledger = new ConsumptionLedger();
        Deque<GroupConsumer> members = new ArrayDeque<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong produced = new AtomicLong();
        Thread producer = Thread.ofPlatform().name("churn-producer").start(() -> produceUntilStopped(
                bootstrap, topic, producing, produced));
        long startMs = System.currentTimeMillis();
        for (int round = 0; System.currentTimeMillis() - startMs < PRODUCE_MS; round++) {
            if (members.size() < 2 || (round % 2 == 0 && members.size() < 4)) {
                members.addLast(new GroupConsumer(bootstrap, group, topic, consumerConfig, ledger::record));
            } else {
                members.removeFirst().close();
            }
            Thread.sleep(CHURN_INTERVAL_MS);
        }
        producing.set(false);
        producer.join();

        Map<TopicPartition, Long> ends = ConsumerGroupIT.endOffsets(bootstrap, topic);
        awaitTrue("every record consumed", () -> ledger.reached(ends));
        awaitTrue("committed offsets at the log end", () ->
                ConsumerGroupIT.committedOffsets(bootstrap, group).equals(ends));
        int failedCommits = 0;
        for (GroupConsumer member : members) {
            failedCommits += member.failedCommits();
            member.close();
        }
        System.out.printf("%s: %d records produced, %d consumed, %d duplicates, %d commits refused by rebalances%n",
                assignor.getSimpleName(), produced.get(), ledger.distinctRecords(), ledger.duplicates(), failedCommits);
        assertThat(ledger.violations()).isEmpty();
        assertThat(ledger.distinctRecords()).isEqualTo(produced.get())
                .isEqualTo(ends.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Idempotent producer at about 2,000 records/s; counts acknowledged records. */
    private static void produceUntilStopped(String bootstrap, String topic, AtomicBoolean producing, AtomicLong acked) {
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(bootstrap, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (long i = 0; producing.get(); i++) {
                producer.send(new ProducerRecord<>(topic, ("k" + (i % 100)).getBytes(StandardCharsets.UTF_8),
                        String.valueOf(i).getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    }
                });
                if (i % 20 == 19) {
                    Thread.sleep(10);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
