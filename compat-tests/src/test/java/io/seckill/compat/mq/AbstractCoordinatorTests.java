package io.seckill.compat.mq;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MessageIds;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.HalfMessageOptions;
import io.seckill.mq.client.txn.TransactionCheckListener;
import io.seckill.mq.client.txn.TransactionSendResult;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Half messages with check-back, run unchanged against mq-broker (coordinator inside) and Apache Kafka (standalone
 * coordinator): the subclasses only choose the cluster. Every test uses its own topic and producer group.
 */
abstract class AbstractCoordinatorTests {

    abstract CoordinatedCluster cluster();

    private KafkaProducer<byte[], byte[]> producer;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeEach
    void createProducer() {
        producer = TestClients.producer(cluster().bootstrapServers());
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable closeable : closeAfter.reversed()) {
            closeable.close();
        }
        producer.close();
    }

    private TransactionalMessageProducer transactional(String group) {
        return new TransactionalMessageProducer(producer, group, new SimpleMeterRegistry());
    }

    private TransactionCheckListener checker(String group, io.seckill.mq.client.txn.TransactionChecker checker) {
        TransactionCheckListener listener = TransactionCheckListener.start(TestClients.connection(cluster().bootstrapServers()),
                producer, group, checker, new SimpleMeterRegistry());
        closeAfter.add(listener);
        return listener;
    }

    static ProducerRecord<byte[], byte[]> message(String topic, String key, String value) {
        return new ProducerRecord<>(topic, bytes(key), bytes(value));
    }

    static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(60)
    void committedHalfMessageIsDeliveredOnceWithItsIdKeyValueAndHeaders() {
        String topic = TestClients.uniqueName("committed");
        TestClients.createTopic(cluster().bootstrapServers(), topic, 3);
        ProducerRecord<byte[], byte[]> message = message(topic, "order-1", "{\"orderId\":\"1\"}");
        message.headers().add("trace", bytes("abc"));

        TransactionSendResult result = transactional(TestClients.uniqueName("committer")).send(message, half -> {
            assertThat(half.targetTopic()).isEqualTo(topic);
            assertThat(half.keyAsString()).isEqualTo("order-1");
            return TransactionState.COMMIT;
        });

        List<ConsumerRecord<byte[], byte[]>> delivered = TestClients.readUntil(cluster().bootstrapServers(), topic,
                records -> !records.isEmpty(), Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertThat(delivered).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = delivered.getFirst();
        assertThat(text(record.key())).isEqualTo("order-1");
        assertThat(text(record.value())).isEqualTo("{\"orderId\":\"1\"}");
        assertThat(MessageIds.of(record)).isEqualTo(result.messageId());
        assertThat(HeaderValues.string(record.headers(), "trace")).isEqualTo("abc");
        List<String> reserved = new ArrayList<>();
        for (Header header : record.headers()) {
            if (MqContract.Headers.isReserved(header.key()) && !header.key().equals(MqContract.Headers.MESSAGE_ID)) {
                reserved.add(header.key());
            }
        }
        assertThat(reserved).as("protocol headers left on the delivered message").isEmpty();
    }

    @Test
    @Timeout(60)
    void rolledBackHalfMessageIsNeverDelivered() {
        String topic = TestClients.uniqueName("rolled-back");
        TestClients.createTopic(cluster().bootstrapServers(), topic, 1);
        TransactionalMessageProducer transactional = transactional(TestClients.uniqueName("roller"));

        transactional.send(message(topic, "k", "rolled back"), half -> TransactionState.ROLLBACK);
        transactional.send(message(topic, "k", "committed"), half -> TransactionState.COMMIT);

        // Past the transaction timeout and every check: a rolled-back message is never asked about nor delivered.
        List<ConsumerRecord<byte[], byte[]>> delivered = TestClients.readUntil(cluster().bootstrapServers(), topic,
                records -> !records.isEmpty(), Duration.ofSeconds(3), Duration.ofSeconds(30));
        assertThat(delivered).extracting(r -> text(r.value())).containsExactly("committed");
    }

    @Test
    @Timeout(90)
    void halfMessagesOfAKilledProducerAreSettledByCheckBackFromAnotherInstance(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String topic = TestClients.uniqueName("orphaned");
        String group = TestClients.uniqueName("killed-producer");
        TestClients.createTopic(cluster().bootstrapServers(), topic, 3);
        Path localState = dir.resolve("committed-transactions");
        int n = 8;

        try (ChildJvm producerProcess = ChildJvm.mainClass(HalfThenKilled.class, "READY",
                cluster().bootstrapServers(), topic, group, String.valueOf(n), localState.toString())) {
            producerProcess.awaitReady(Duration.ofSeconds(60));
            producerProcess.kill();
        }
        Set<String> committedLocally = Set.copyOf(Files.readAllLines(localState));
        assertThat(committedLocally).hasSize(n / 2);

        // Another instance of the group answers from the local state the dead one left behind.
        Map<String, Integer> checksByTransaction = new ConcurrentHashMap<>();
        checker(group, half -> {
            checksByTransaction.merge(half.transactionId(), 1, Integer::sum);
            return committedLocally.contains(half.transactionId()) ? TransactionState.COMMIT : TransactionState.ROLLBACK;
        });

        List<ConsumerRecord<byte[], byte[]>> delivered = TestClients.readUntil(cluster().bootstrapServers(), topic,
                records -> records.size() >= n / 2, Duration.ofSeconds(3), Duration.ofSeconds(60));
        List<String> values = delivered.stream().map(r -> text(r.value())).sorted().toList();
        assertThat(values).containsExactly("v0", "v2", "v4", "v6");
        assertThat(checksByTransaction.keySet()).as("every orphaned transaction was checked back")
                .containsExactlyInAnyOrder("tx-0", "tx-1", "tx-2", "tx-3", "tx-4", "tx-5", "tx-6", "tx-7");
    }

    @Test
    @Timeout(90)
    void unknownAnswersAreCheckedAgainUpToTheLimitThenTheMessageMovesToTheDeadTopic() {
        String topic = TestClients.uniqueName("undecided");
        String group = TestClients.uniqueName("undecided-producer");
        TestClients.createTopic(cluster().bootstrapServers(), topic, 1);
        AtomicInteger checks = new AtomicInteger();
        AtomicReference<String> checkedId = new AtomicReference<>();
        checker(group, half -> {
            checkedId.set(half.messageId());
            checks.incrementAndGet();
            return TransactionState.UNKNOWN;
        });
        double deadBefore = TestClients.metric(cluster().coordinatorMetrics(), "mq_coordinator_half_messages_total{outcome=\"dead\"}");

        // Per-message settings override the coordinator's: two checks, 500 ms apart, the first 500 ms after sending.
        HalfMessageOptions options = HalfMessageOptions.DEFAULTS.withCheckMax(2)
                .withTransactionTimeout(Duration.ofMillis(500)).withCheckInterval(Duration.ofMillis(500));
        TransactionSendResult result = transactional(group).send(message(topic, "k", "never decided"), options,
                half -> TransactionState.UNKNOWN);

        List<ConsumerRecord<byte[], byte[]>> dead = TestClients.readUntil(cluster().bootstrapServers(), MqContract.Topics.DEAD,
                records -> records.stream().anyMatch(r -> result.messageId().equals(MessageIds.of(r))),
                Duration.ZERO, Duration.ofSeconds(60));
        ConsumerRecord<byte[], byte[]> buried = dead.stream().filter(r -> result.messageId().equals(MessageIds.of(r))).findFirst().orElseThrow();
        assertThat(text(buried.value())).isEqualTo("never decided");
        assertThat(HeaderValues.string(buried.headers(), MqContract.Headers.DEAD_REASON)).contains("2 check-backs");
        assertThat(HeaderValues.string(buried.headers(), MqContract.Headers.TARGET_TOPIC)).isEqualTo(topic);
        assertThat(checks.get()).as("check-backs before giving up").isEqualTo(2);
        assertThat(checkedId.get()).isEqualTo(result.messageId());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                TestClients.metric(cluster().coordinatorMetrics(), "mq_coordinator_half_messages_total{outcome=\"dead\"}"))
                .isGreaterThanOrEqualTo(deadBefore + 1));
        assertThat(TestClients.readUntil(cluster().bootstrapServers(), topic, records -> true, Duration.ofSeconds(1),
                Duration.ofSeconds(10))).as("the target topic").isEmpty();
    }

    @Test
    @Timeout(180)
    void consumersNeverSeeUndecidedMessagesAndCommitOrderPerKeyIsKept() throws Exception {
        String topic = TestClients.uniqueName("concurrent");
        String group = TestClients.uniqueName("concurrent-producer");
        TestClients.createTopic(cluster().bootstrapServers(), topic, 6);
        int transactions = 10_000;
        int threads = 16;
        int keys = 320;
        Set<String> committed = ConcurrentHashMap.newKeySet();
        Set<String> rolledBack = ConcurrentHashMap.newKeySet();
        // Like an application, the group answers check-backs from its local state (needed only if a decision is slow).
        checker(group, half -> committed.contains(half.valueAsString()) ? TransactionState.COMMIT
                : rolledBack.contains(half.valueAsString()) ? TransactionState.ROLLBACK : TransactionState.UNKNOWN);
        TransactionalMessageProducer transactional = transactional(group);

        // Each key belongs to one thread, which commits its transactions in sequence: that is the commit order.
        Map<String, List<String>> commitOrder = new ConcurrentHashMap<>();
        AtomicInteger seenBeforeCommit = new AtomicInteger();
        Map<String, List<String>> deliveredOrder = new HashMap<>();
        AtomicInteger deliveredCount = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (var consumer = TestClients.readerOf(cluster().bootstrapServers(), topic)) {
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        String value = text(record.value());
                        if (!committed.contains(value)) {
                            seenBeforeCommit.incrementAndGet();
                        }
                        synchronized (deliveredOrder) {
                            deliveredOrder.computeIfAbsent(text(record.key()), k -> new ArrayList<>()).add(value);
                        }
                        deliveredCount.incrementAndGet();
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                // stopped
            }
        });
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = thread; i < transactions; i += threads) {
                        String key = "key-" + (thread + threads * (i % (keys / threads)));
                        String value = key + "#" + i;
                        boolean commit = ThreadLocalRandom.current().nextInt(10) < 7;
                        transactional.send(message(topic, key, value), half -> {
                            if (commit) {
                                committed.add(value);
                                commitOrder.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(value);
                                return TransactionState.COMMIT;
                            }
                            rolledBack.add(value);
                            return TransactionState.ROLLBACK;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        }
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> deliveredCount.get() >= committed.size());
            Thread.sleep(2_000);
        } finally {
            reader.interrupt();
            reader.join();
        }

        assertThat(committed.size() + rolledBack.size()).isEqualTo(transactions);
        assertThat(seenBeforeCommit.get()).as("messages seen by a consumer before their local transaction committed").isZero();
        int duplicates = deliveredCount.get() - committed.size();
        System.out.printf("[%s] %d transactions: %d committed, %d rolled back, %d delivered (%d duplicates)%n",
                cluster(), transactions, committed.size(), rolledBack.size(), deliveredCount.get(), duplicates);
        synchronized (deliveredOrder) {
            for (Map.Entry<String, List<String>> entry : commitOrder.entrySet()) {
                List<String> delivered = deliveredOrder.getOrDefault(entry.getKey(), List.of()).stream().distinct().toList();
                assertThat(delivered).as("delivery order of key %s", entry.getKey()).containsExactlyElementsOf(entry.getValue());
            }
            assertThat(deliveredOrder.values().stream().flatMap(List::stream).filter(rolledBack::contains).toList())
                    .as("rolled-back messages delivered").isEmpty();
        }
    }

    @Test
    @Timeout(60)
    void transactionalDelayedMessageIsDeliveredItsDelayAfterTheCommit() {
        String topic = TestClients.uniqueName("txn-delayed");
        TestClients.createTopic(cluster().bootstrapServers(), topic, 1);
        Duration delay = Duration.ofSeconds(3);
        long[] committedAt = new long[1];

        transactional(TestClients.uniqueName("timeouts")).send(message(topic, "order-7", "payment-timeout"),
                HalfMessageOptions.DEFAULTS.withDelay(delay), half -> {
                    committedAt[0] = System.currentTimeMillis();
                    return TransactionState.COMMIT;
                });

        List<ConsumerRecord<byte[], byte[]>> delivered = TestClients.readUntil(cluster().bootstrapServers(), topic,
                records -> !records.isEmpty(), Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(delivered).hasSize(1);
        long receivedAt = System.currentTimeMillis();
        assertThat(delivered.getFirst().timestamp()).as("sent to its topic no earlier than the delay after commit")
                .isGreaterThanOrEqualTo(committedAt[0] + delay.toMillis());
        assertThat(receivedAt - committedAt[0]).isGreaterThanOrEqualTo(delay.toMillis());
        assertThat(text(delivered.getFirst().key())).isEqualTo("order-7");
    }
}
