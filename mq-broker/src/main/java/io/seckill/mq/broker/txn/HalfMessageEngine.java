package io.seckill.mq.broker.txn;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.broker.config.CoordinatorSettings;
import io.seckill.mq.broker.relay.Outbox;
import io.seckill.mq.broker.relay.RelayConsumers;
import io.seckill.mq.broker.relay.RelayLoop;
import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.MqContract.Headers;
import io.seckill.mq.client.MqContract.RecordType;
import io.seckill.mq.client.ProtocolRecords;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The half-message half of the coordinator: reads {@link MqContract.Topics#HALF} as consumer group
 * {@link MqContract.Groups#HALF_COORDINATOR}, delivers committed messages, checks back undecided ones and gives up
 * on them after the last check. Its checkpoint per partition is the group's committed offset (where to re-read
 * from) with metadata {@code processed=N} (below which every action was taken); see {@link HalfPartition}.
 * Several coordinators may share the work: the group spreads the partitions.
 */
public final class HalfMessageEngine {

    private static final Logger log = LoggerFactory.getLogger(HalfMessageEngine.class);
    private static final String PROCESSED_PREFIX = "processed=";
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(20);
    private static final long CHECK_SCAN_INTERVAL_MS = 100;
    private static final long CHECKPOINT_INTERVAL_MS = 200;

    private final Map<String, Object> clientConfig;
    private final Producer<byte[], byte[]> producer;
    private final CoordinatorSettings settings;
    private final CheckTopics checkTopics;
    private final Counter received;
    private final Counter committed;
    private final Counter rolledBack;
    private final Counter checks;
    private final Counter dead;
    private final Counter lateDecisions;
    private final Counter malformed;
    private final Map<Integer, Integer> pendingByPartition = new ConcurrentHashMap<>();
    private final RelayLoop loop;

    public HalfMessageEngine(Map<String, Object> clientConfig, Producer<byte[], byte[]> producer,
                             CoordinatorSettings settings, CheckTopics checkTopics, MeterRegistry registry) {
        this.clientConfig = clientConfig;
        this.producer = producer;
        this.settings = settings;
        this.checkTopics = checkTopics;
        received = counter(registry, "received");
        committed = counter(registry, "committed");
        rolledBack = counter(registry, "rolled_back");
        dead = counter(registry, "dead");
        checks = Counter.builder("mq.coordinator.half.checks").description("Check-back requests sent").register(registry);
        lateDecisions = Counter.builder("mq.coordinator.half.late.decisions")
                .description("Decisions for messages no longer pending (already decided or given up)").register(registry);
        malformed = Counter.builder("mq.coordinator.half.malformed")
                .description("Records on the half topic that are not protocol records (moved to the dead topic)").register(registry);
        Gauge.builder("mq.coordinator.half.pending", pendingByPartition,
                        m -> m.values().stream().mapToInt(Integer::intValue).sum())
                .description("Half messages waiting for a decision").register(registry);
        this.loop = new RelayLoop("mq-coordinator-half", Session::new);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("mq.coordinator.half.messages").description("Half messages by what became of them")
                .tag("outcome", outcome).register(registry);
    }

    public void start() {
        loop.start();
    }

    public void close() {
        loop.close();
    }

    /** One consumer and the state rebuilt from the checkpoints of the partitions it is assigned. */
    private final class Session implements RelayLoop.Session, HalfActions {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Outbox outbox;
        private final Map<Integer, HalfPartition> partitions = new HashMap<>();
        private final Map<Integer, OffsetAndMetadata> lastCommitted = new HashMap<>();

        Session() {
            consumer = RelayConsumers.create(clientConfig, MqContract.Groups.HALF_COORDINATOR, "mq-coordinator-half", Map.of());
            outbox = new Outbox(producer, reason -> dead.increment());
        }

        @Override
        public void run(BooleanSupplier running) {
            consumer.subscribe(List.of(MqContract.Topics.HALF), new Rebalance());
            long nextCheckScan = 0;
            long nextCheckpoint = System.currentTimeMillis() + CHECKPOINT_INTERVAL_MS;
            while (running.getAsBoolean()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    HalfPartition partition = partitions.get(record.partition());
                    if (partition != null) {
                        partition.apply(record);
                    }
                }
                long now = System.currentTimeMillis();
                if (now >= nextCheckScan) {
                    for (HalfPartition partition : partitions.values()) {
                        partition.checkDue(now, caughtUp(partition.partition()));
                    }
                    nextCheckScan = now + CHECK_SCAN_INTERVAL_MS;
                }
                if (now >= nextCheckpoint) {
                    checkpoint(partitions.keySet());
                    nextCheckpoint = now + CHECKPOINT_INTERVAL_MS;
                }
            }
            checkpoint(partitions.keySet());
        }

        private boolean caughtUp(int partition) {
            OptionalLong lag = consumer.currentLag(new TopicPartition(MqContract.Topics.HALF, partition));
            return lag.isPresent() && lag.getAsLong() == 0;
        }

        /** Waits for every send so far, then commits each partition's resume offset with its processed offset. */
        private void checkpoint(Collection<Integer> which) {
            outbox.flush();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (Integer p : which) {
                HalfPartition partition = partitions.get(p);
                pendingByPartition.put(p, partition.pendingCount());
                OffsetAndMetadata checkpoint = new OffsetAndMetadata(partition.resumeOffset(),
                        PROCESSED_PREFIX + partition.processedOffset());
                if (!checkpoint.equals(lastCommitted.get(p))) {
                    offsets.put(new TopicPartition(MqContract.Topics.HALF, p), checkpoint);
                }
            }
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets);
                offsets.forEach((tp, checkpoint) -> lastCommitted.put(tp.partition(), checkpoint));
            }
        }

        private final class Rebalance implements ConsumerRebalanceListener {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                List<Integer> ours = revoked.stream().map(TopicPartition::partition).filter(partitions::containsKey).toList();
                checkpoint(ours);
                ours.forEach(p -> {
                    partitions.remove(p);
                    lastCommitted.remove(p);
                    pendingByPartition.remove(p);
                });
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> lost) {
                // Another coordinator may own them already: drop the state without committing.
                lost.forEach(tp -> {
                    partitions.remove(tp.partition());
                    lastCommitted.remove(tp.partition());
                    pendingByPartition.remove(tp.partition());
                });
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                Map<TopicPartition, OffsetAndMetadata> checkpoints = consumer.committed(Set.copyOf(assigned));
                for (TopicPartition tp : assigned) {
                    OffsetAndMetadata checkpoint = checkpoints.get(tp);
                    long start = checkpoint == null ? earliest(tp) : checkpoint.offset();
                    long processed = checkpoint == null ? start : processedOf(checkpoint, start);
                    consumer.seek(tp, start);
                    partitions.put(tp.partition(), new HalfPartition(tp.partition(), start, processed, settings, Session.this));
                    if (checkpoint != null) {
                        lastCommitted.put(tp.partition(), checkpoint);
                    }
                    if (processed > start) {
                        log.info("half topic partition {}: rebuilding undecided messages from offset {} (processed up to {})",
                                tp.partition(), start, processed);
                    }
                }
            }

            private long earliest(TopicPartition tp) {
                return consumer.beginningOffsets(List.of(tp)).getOrDefault(tp, 0L);
            }
        }

        private static long processedOf(OffsetAndMetadata checkpoint, long fallback) {
            String metadata = checkpoint.metadata();
            if (metadata != null && metadata.startsWith(PROCESSED_PREFIX)) {
                try {
                    return Long.parseLong(metadata.substring(PROCESSED_PREFIX.length()));
                } catch (NumberFormatException e) {
                    log.warn("ignoring a malformed checkpoint '{}'", metadata);
                }
            }
            return fallback;
        }

        @Override
        public void deliver(PendingHalf half, long decidedAtMs) {
            committed.increment();
            if (half.delayMs > 0) {
                RecordHeaders headers = ProtocolRecords.applicationHeaders(List.of(half.headers));
                headers.add(Headers.MESSAGE_ID, HeaderValues.bytes(half.messageId));
                headers.add(Headers.TARGET_TOPIC, HeaderValues.bytes(half.targetTopic));
                headers.add(Headers.DELIVER_AT, HeaderValues.bytes(decidedAtMs + half.delayMs));
                outbox.send(new ProducerRecord<>(MqContract.Topics.DELAY, null, null, half.key, half.value, headers));
            } else {
                outbox.send(ProtocolRecords.delivery(half.targetTopic, half.messageId, half.key, half.value, List.of(half.headers)));
            }
        }

        @Override
        public void received(PendingHalf half) {
            received.increment();
        }

        @Override
        public void rolledBack(PendingHalf half) {
            rolledBack.increment();
        }

        @Override
        public void checkBack(PendingHalf half, int halfPartition) {
            checks.increment();
            ProducerRecord<byte[], byte[]> marker = ProtocolRecords.marker(halfPartition, half.messageId, RecordType.CHECK);
            marker.headers().add(Headers.CHECK_COUNT, HeaderValues.bytes(half.checkCount));
            outbox.send(marker);
            RecordHeaders headers = ProtocolRecords.applicationHeaders(List.of(half.headers));
            headers.add(Headers.MESSAGE_ID, HeaderValues.bytes(half.messageId));
            headers.add(Headers.TRANSACTION_ID, HeaderValues.bytes(half.transactionId));
            headers.add(Headers.TARGET_TOPIC, HeaderValues.bytes(half.targetTopic));
            headers.add(Headers.PRODUCER_GROUP, HeaderValues.bytes(half.producerGroup));
            headers.add(Headers.HALF_PARTITION, HeaderValues.bytes(halfPartition));
            headers.add(Headers.CHECK_COUNT, HeaderValues.bytes(half.checkCount));
            outbox.send(new ProducerRecord<>(checkTopics.ensure(half.producerGroup), null, null, half.key, half.value, headers));
        }

        @Override
        public void giveUp(PendingHalf half, int halfPartition) {
            String reason = "no decision after " + half.checkCount + " check-backs";
            log.warn("half message {} (transaction {}, group {}, topic {}): {}; moved to {}", half.messageId,
                    half.transactionId, half.producerGroup, half.targetTopic, reason, MqContract.Topics.DEAD);
            outbox.deadLetter(new ProducerRecord<>(MqContract.Topics.HALF, null, null, half.key, half.value,
                    new RecordHeaders(half.headers)), reason);
            outbox.send(ProtocolRecords.marker(halfPartition, half.messageId, RecordType.DEAD));
        }

        @Override
        public void malformed(ConsumerRecord<byte[], byte[]> record, String reason) {
            malformed.increment();
            log.warn("half topic partition {} offset {}: {}; moved to {}", record.partition(), record.offset(), reason,
                    MqContract.Topics.DEAD);
            outbox.deadLetter(new ProducerRecord<>(record.topic(), null, null, record.key(), record.value(),
                    record.headers()), "malformed: " + reason);
        }

        @Override
        public void lateDecision(String messageId, String type) {
            lateDecisions.increment();
            log.debug("{} for message {} which is not pending", type, messageId);
        }

        @Override
        public void wakeup() {
            consumer.wakeup();
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
