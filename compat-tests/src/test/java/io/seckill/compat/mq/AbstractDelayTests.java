package io.seckill.compat.mq;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.mq.client.DelayLevel;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.delay.DelayedMessageSender;
import io.seckill.mq.client.delay.DelayedSendResult;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Delayed delivery, run unchanged against mq-broker and Apache Kafka with the standalone coordinator. */
abstract class AbstractDelayTests {

    abstract CoordinatedCluster cluster();

    @Test
    @Timeout(300)
    void delayedMessagesArriveNoEarlierThanDueAndNoneIsLostAcrossARestart() throws Exception {
        String topic = TestClients.uniqueName("delayed");
        TestClients.createTopic(cluster().bootstrapServers(), topic, 6);
        int n = 100_000;
        AtomicLongArray dueAt = new AtomicLongArray(n);
        AtomicLongArray firstSeenAt = new AtomicLongArray(n);
        AtomicInteger early = new AtomicInteger();
        AtomicInteger unique = new AtomicInteger();
        AtomicInteger copies = new AtomicInteger();

        Thread reader = Thread.ofPlatform().start(() -> {
            try (var consumer = TestClients.readerOf(cluster().bootstrapServers(), topic)) {
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.currentTimeMillis();
                        int index = Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8));
                        copies.incrementAndGet();
                        // The record's timestamp is when the coordinator sent it to its topic.
                        if (record.timestamp() < dueAt.get(index)) {
                            early.incrementAndGet();
                        }
                        if (firstSeenAt.compareAndSet(index, 0, now)) {
                            unique.incrementAndGet();
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                // stopped
            }
        });

        long restartStart;
        long restartEnd;
        try (KafkaProducer<byte[], byte[]> producer = TestClients.producer(cluster().bootstrapServers())) {
            DelayedMessageSender sender = new DelayedMessageSender(producer, MqContract.Defaults.MAX_DELAY, new SimpleMeterRegistry());
            long sendStart = System.currentTimeMillis();
            List<CompletableFuture<Void>> acks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                Duration delay = Duration.ofMillis(ThreadLocalRandom.current().nextLong(1_000, 30_001));
                acks.add(sender.sendAsync(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        String.valueOf(i).getBytes(StandardCharsets.UTF_8)), delay)
                        .thenAccept((DelayedSendResult result) -> dueAt.set(index, result.deliverAt().toEpochMilli())));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
            System.out.printf("[%s] %d delayed messages stored in %d ms%n", cluster(), n, System.currentTimeMillis() - sendStart);
            Thread.sleep(Math.max(0, sendStart + 10_000 - System.currentTimeMillis()));
            restartStart = System.currentTimeMillis();
            cluster().restart();
            restartEnd = System.currentTimeMillis();
            System.out.printf("[%s] restarted in %d ms, %d delivered so far%n", cluster(), restartEnd - restartStart, unique.get());
        }
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> unique.get() == n);
            Thread.sleep(1_000);
        } finally {
            reader.interrupt();
            reader.join();
        }

        Histogram all = new Histogram(3);
        Histogram outsideRestart = new Histogram(3);
        for (int i = 0; i < n; i++) {
            long lateness = Math.max(0, firstSeenAt.get(i) - dueAt.get(i));
            all.recordValue(lateness);
            // Messages due while the restart was under way wait for it; the rest show the coordinator's steady lateness.
            if (dueAt.get(i) < restartStart - 1_000 || dueAt.get(i) > restartEnd + 2_000) {
                outsideRestart.recordValue(lateness);
            }
        }
        System.out.printf("[%s] lateness (ms, receive time - due time) of %d messages: p50 %d, p90 %d, p99 %d, p99.9 %d, max %d;"
                        + " due outside the restart window (%d): p50 %d, p99 %d, p99.9 %d, max %d; copies %d, sent early %d%n",
                cluster(), all.getTotalCount(), all.getValueAtPercentile(50), all.getValueAtPercentile(90),
                all.getValueAtPercentile(99), all.getValueAtPercentile(99.9), all.getMaxValue(),
                outsideRestart.getTotalCount(), outsideRestart.getValueAtPercentile(50),
                outsideRestart.getValueAtPercentile(99), outsideRestart.getValueAtPercentile(99.9), outsideRestart.getMaxValue(),
                copies.get(), early.get());
        assertThat(early.get()).as("messages sent to their topic before they were due").isZero();
        assertThat(unique.get()).as("distinct messages delivered").isEqualTo(n);
        // The target is p99 <= 1 s on this machine (see the benchmark); the test allows generous slack for CI.
        assertThat(outsideRestart.getValueAtPercentile(99)).as("p99 lateness in ms").isLessThanOrEqualTo(5_000);
    }

    @Test
    @Timeout(60)
    void delayLevelIsDeliveredAfterItsDelayWithTheSameMessageId() throws Exception {
        String topic = TestClients.uniqueName("level");
        TestClients.createTopic(cluster().bootstrapServers(), topic, 1);
        DelayedSendResult result;
        long sentAt = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = TestClients.producer(cluster().bootstrapServers())) {
            DelayedMessageSender sender = new DelayedMessageSender(producer, MqContract.Defaults.MAX_DELAY, new SimpleMeterRegistry());
            result = sender.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), "level 2".getBytes(StandardCharsets.UTF_8)),
                    DelayLevel.of(2));
        }
        List<ConsumerRecord<byte[], byte[]>> delivered = TestClients.readUntil(cluster().bootstrapServers(), topic,
                records -> !records.isEmpty(), Duration.ofMillis(500), Duration.ofSeconds(30));
        assertThat(delivered).hasSize(1);
        assertThat(delivered.getFirst().timestamp()).isGreaterThanOrEqualTo(sentAt + 5_000);
        assertThat(io.seckill.mq.client.MessageIds.of(delivered.getFirst())).isEqualTo(result.messageId());
    }

    @Test
    void delayBeyondTheMaximumIsRefusedBeforeAnythingIsSent() {
        try (KafkaProducer<byte[], byte[]> producer = TestClients.producer(cluster().bootstrapServers())) {
            DelayedMessageSender sender = new DelayedMessageSender(producer, Duration.ofDays(7), new SimpleMeterRegistry());
            assertThatThrownBy(() -> sender.send(new ProducerRecord<>("any", null, new byte[0]), Duration.ofDays(8)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum delay");
        }
    }
}
