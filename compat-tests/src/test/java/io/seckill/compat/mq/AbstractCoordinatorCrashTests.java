package io.seckill.compat.mq;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.compat.db.MariaDbExtension;
import io.seckill.mq.client.MessageIds;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.consumer.ConsumedMessageTable;
import io.seckill.mq.client.consumer.IdempotentConsumer;
import io.seckill.mq.client.txn.TransactionCheckListener;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator is killed with SIGKILL in the middle of 10,000 committing transactions and started again. Nothing
 * committed may be lost; copies delivered twice carry the same message id, and the idempotent consumer, reading
 * everything twice over, applies each message once.
 */
abstract class AbstractCoordinatorCrashTests {

    @RegisterExtension
    static final MariaDbExtension mariaDb = new MariaDbExtension();

    abstract KillableCoordinator start(Path dataDir) throws Exception;

    @Test
    @Timeout(420)
    void killedCoordinatorLosesNoCommittedMessageAndTheIdempotentConsumerAppliesEachOnce(@TempDir Path dataDir) throws Exception {
        try (KillableCoordinator cluster = start(dataDir);
             KafkaProducer<byte[], byte[]> producer = TestClients.producer(cluster.bootstrapServers())) {
            String bootstrap = cluster.bootstrapServers();
            String topic = TestClients.uniqueName("crash");
            String group = TestClients.uniqueName("crash-producer");
            TestClients.createTopic(bootstrap, topic, 6);
            int transactions = 10_000;
            Set<String> inProgress = ConcurrentHashMap.newKeySet();
            Set<String> committed = ConcurrentHashMap.newKeySet();
            AtomicInteger failedSends = new AtomicInteger();
            TransactionalMessageProducer transactional = new TransactionalMessageProducer(producer, group, new SimpleMeterRegistry());
            // Answers from local state, as an application does: committed, still running, or never happened.
            try (TransactionCheckListener ignored = TransactionCheckListener.start(TestClients.connection(bootstrap), producer,
                    group, half -> committed.contains(half.valueAsString()) ? TransactionState.COMMIT
                            : inProgress.contains(half.valueAsString()) ? TransactionState.UNKNOWN : TransactionState.ROLLBACK,
                    new SimpleMeterRegistry())) {

                try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                    List<Future<?>> work = new ArrayList<>();
                    for (int t = 0; t < 16; t++) {
                        int thread = t;
                        work.add(pool.submit(() -> {
                            for (int i = thread; i < transactions; i += 16) {
                                String value = "payment-" + i;
                                inProgress.add(value);
                                try {
                                    transactional.send(new ProducerRecord<>(topic, ("order-" + i % 500).getBytes(StandardCharsets.UTF_8),
                                            value.getBytes(StandardCharsets.UTF_8)), half -> {
                                        committed.add(value);
                                        return TransactionState.COMMIT;
                                    });
                                } catch (RuntimeException e) {
                                    failedSends.incrementAndGet();
                                } finally {
                                    inProgress.remove(value);
                                }
                            }
                            return null;
                        }));
                    }
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> committed.size() >= 3_000);
                    cluster.kill();
                    int committedAtKill = committed.size();
                    Thread.sleep(1_000);
                    cluster.restart();
                    System.out.printf("[%s] killed the coordinator with %d of %d transactions committed%n", cluster,
                            committedAtKill, transactions);
                    for (Future<?> future : work) {
                        future.get();
                    }
                }

                Map<String, Set<String>> idsByValue = new HashMap<>();
                int[] copies = new int[1];
                try (KafkaConsumer<byte[], byte[]> reader = TestClients.readerOf(bootstrap, topic)) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                    while (!idsByValue.keySet().containsAll(committed) && System.nanoTime() < deadline) {
                        for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                            idsByValue.computeIfAbsent(new String(record.value(), StandardCharsets.UTF_8), v -> new HashSet<>())
                                    .add(MessageIds.of(record));
                            copies[0]++;
                        }
                    }
                    // Anything that should not be there would have arrived by now, too.
                    long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                    while (System.nanoTime() < settle) {
                        for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                            idsByValue.computeIfAbsent(new String(record.value(), StandardCharsets.UTF_8), v -> new HashSet<>())
                                    .add(MessageIds.of(record));
                            copies[0]++;
                        }
                    }
                }
                System.out.printf("[%s] %d committed, %d sends failed while the broker was down, %d delivered copies of %d"
                                + " messages (%d duplicates)%n", cluster, committed.size(), failedSends.get(), copies[0],
                        idsByValue.size(), copies[0] - idsByValue.size());
                assertThat(idsByValue.keySet()).as("delivered messages").containsExactlyInAnyOrderElementsOf(committed);
                assertThat(idsByValue.values()).as("message ids per message").allSatisfy(ids -> assertThat(ids).hasSize(1));

                assertIdempotentConsumerAppliesEachOnce(bootstrap, topic, committed.size(), copies[0]);
            }
        }
    }

    /** Reads the whole topic twice (a forced redelivery of every message) through the idempotent consumer. */
    private void assertIdempotentConsumerAppliesEachOnce(String bootstrap, String topic, int messages, int copies) throws Exception {
        DataSource dataSource = mariaDb.newSchema("crash");
        ConsumedMessageTable table = new ConsumedMessageTable();
        table.createTable(dataSource);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE payments_applied (id INT PRIMARY KEY, applied BIGINT NOT NULL)");
            statement.execute("INSERT INTO payments_applied VALUES (1, 0)");
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IdempotentConsumer consumer = new IdempotentConsumer(dataSource, table, meters);
        int delivered = 0;
        try (KafkaConsumer<byte[], byte[]> reader = TestClients.readerOf(bootstrap, topic)) {
            for (int pass = 0; pass < 2; pass++) {
                reader.seekToBeginning(reader.assignment());
                int read = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (read < copies && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                        consumer.consumeOnce("payment-applier", record, connection -> {
                            try (Statement update = connection.createStatement()) {
                                update.executeUpdate("UPDATE payments_applied SET applied = applied + 1 WHERE id = 1");
                            }
                        });
                        read++;
                    }
                }
                delivered += read;
            }
        }
        long applied;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT applied FROM payments_applied WHERE id = 1")) {
            rows.next();
            applied = rows.getLong(1);
        }
        double duplicates = meters.get("mq.consumer.messages").tag("outcome", "duplicate").counter().count();
        System.out.printf("idempotent consumer: %d deliveries, applied %d, skipped %.0f duplicates%n", delivered, applied, duplicates);
        assertThat(delivered).isEqualTo(2 * copies);
        assertThat(applied).as("business state changes").isEqualTo(messages);
        assertThat(duplicates).isEqualTo(delivered - messages);
    }
}
