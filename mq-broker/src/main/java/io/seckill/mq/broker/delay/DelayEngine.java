package io.seckill.mq.broker.delay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seckill.mq.broker.config.CoordinatorSettings;
import io.seckill.mq.broker.relay.Outbox;
import io.seckill.mq.broker.relay.RelayConsumers;
import io.seckill.mq.broker.relay.RelayLoop;
import io.seckill.mq.client.DelayTier;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.ProtocolRecords;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The delayed-delivery half of the coordinator: a durable timing wheel made of topics. A delayed message arrives
 * on {@link MqContract.Topics#DELAY} and moves through {@link DelayTier tier topics}, each holding every record
 * for one fixed delay, until it is due; then it is delivered to its target topic with its key, value, headers and
 * message id. Nothing is held in memory but the heads of partitions, so the number of pending messages is bounded
 * by disk, not heap, and a restart resumes from the committed offsets.
 *
 * <p>Each partition is processed in offset order, head first (in a tier, exit times grow with offsets); a
 * partition whose head must wait is paused. Messages due within about a second are held in memory until due
 * ({@link DelayStep.Hold}). The checkpoint of a partition is its committed offset: the oldest record still held,
 * or else the next one to read, taken after the sends for everything below it were acknowledged. After a crash a
 * message may move or be delivered again (same message id), never be lost.
 */
public final class DelayEngine {

    private static final Duration MAX_POLL_TIMEOUT = Duration.ofMillis(50);
    private static final long CHECKPOINT_INTERVAL_MS = 200;
    private static final int MAX_BUFFERED_PER_PARTITION = 10_000;
    /** Beyond this many held messages the engine stops taking new ones until some are delivered. */
    private static final int MAX_HELD = 500_000;

    private final Map<String, Object> clientConfig;
    private final Producer<byte[], byte[]> producer;
    private final CoordinatorSettings settings;
    private final Counter scheduled;
    private final Counter delivered;
    private final Counter hops;
    private final Counter dead;
    private final Timer lateness;
    private final RelayLoop loop;

    public DelayEngine(Map<String, Object> clientConfig, Producer<byte[], byte[]> producer, CoordinatorSettings settings,
                       MeterRegistry registry) {
        this.clientConfig = clientConfig;
        this.producer = producer;
        this.settings = settings;
        scheduled = counter(registry, "scheduled");
        delivered = counter(registry, "delivered");
        dead = counter(registry, "dead");
        hops = Counter.builder("mq.coordinator.delay.hops").description("Moves of delayed messages from one tier to the next")
                .register(registry);
        lateness = Timer.builder("mq.coordinator.delay.lateness").description("How long after its due time a message was sent to its topic")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        this.loop = new RelayLoop("mq-coordinator-delay", Session::new);
    }

    private static Counter counter(MeterRegistry registry, String event) {
        return Counter.builder("mq.coordinator.delay.messages").description("Delayed messages by event")
                .tag("event", event).register(registry);
    }

    /** Every topic the engine reads: the delay topic and the tiers. */
    public static List<String> topics() {
        List<String> topics = new ArrayList<>();
        topics.add(MqContract.Topics.DELAY);
        MqContract.delayTiers().forEach(tier -> topics.add(tier.topic()));
        return topics;
    }

    public void start() {
        loop.start();
    }

    public void close() {
        loop.close();
    }

    private static final class PartitionQueue {
        final DelayTier tier;
        final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
        /** Offsets of this partition's records held in memory: the checkpoint may not pass the oldest. */
        final TreeSet<Long> heldOffsets = new TreeSet<>();
        long processedOffset = -1;
        long committedOffset = -1;

        PartitionQueue(DelayTier tier) {
            this.tier = tier;
        }

        long checkpointOffset() {
            return heldOffsets.isEmpty() ? processedOffset : heldOffsets.first();
        }
    }

    /** A message due within about a second, waiting in memory. */
    private record Held(long dueAtMs, String targetTopic, String messageId, ConsumerRecord<byte[], byte[]> record,
                        PartitionQueue queue) {
    }

    private final class Session implements RelayLoop.Session {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Outbox outbox;
        private final Map<TopicPartition, PartitionQueue> queues = new HashMap<>();
        private final PriorityQueue<Held> held = new PriorityQueue<>(Comparator.comparingLong(Held::dueAtMs));

        Session() {
            // A tier partition resumed after a wait is fetched in the next fetch round: keep rounds short.
            consumer = RelayConsumers.create(clientConfig, MqContract.Groups.DELAY_COORDINATOR, "mq-coordinator-delay",
                    Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10));
            outbox = new Outbox(producer, reason -> dead.increment());
        }

        @Override
        public void run(BooleanSupplier running) {
            consumer.subscribe(topics(), new Rebalance());
            long nextCheckpoint = System.currentTimeMillis() + CHECKPOINT_INTERVAL_MS;
            Duration pollTimeout = MAX_POLL_TIMEOUT;
            while (running.getAsBoolean()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout)) {
                    PartitionQueue queue = queues.get(new TopicPartition(record.topic(), record.partition()));
                    if (queue != null) {
                        queue.buffered.add(record);
                    }
                }
                long now = System.currentTimeMillis();
                long wakeAt = deliverHeld(now);
                List<TopicPartition> pause = new ArrayList<>();
                List<TopicPartition> resume = new ArrayList<>();
                for (Map.Entry<TopicPartition, PartitionQueue> entry : queues.entrySet()) {
                    PartitionQueue queue = entry.getValue();
                    long waitUntil = held.size() < MAX_HELD ? drain(queue, now) : now + MAX_POLL_TIMEOUT.toMillis();
                    if (waitUntil > 0) {
                        wakeAt = Math.min(wakeAt, waitUntil);
                    }
                    boolean blocked = waitUntil > 0 || queue.buffered.size() >= MAX_BUFFERED_PER_PARTITION;
                    (blocked ? pause : resume).add(entry.getKey());
                }
                wakeAt = Math.min(wakeAt, held.isEmpty() ? Long.MAX_VALUE : held.peek().dueAtMs());
                consumer.pause(pause);
                consumer.resume(resume);
                if (now >= nextCheckpoint) {
                    checkpoint(queues.keySet());
                    nextCheckpoint = now + CHECKPOINT_INTERVAL_MS;
                }
                pollTimeout = Duration.ofMillis(Math.max(0, Math.min(wakeAt, nextCheckpoint) - System.currentTimeMillis()));
            }
            release(queues.keySet());
            checkpoint(queues.keySet());
        }

        /**
         * Before giving partitions up (shutdown, rebalance): puts their held messages back on the delay topic, so the
         * checkpoint can cover everything read instead of stopping at the oldest held message, which would make the
         * next owner repeat every step taken after it.
         */
        private void release(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                PartitionQueue queue = queues.get(tp);
                if (queue == null || queue.heldOffsets.isEmpty()) {
                    continue;
                }
                held.removeIf(h -> {
                    if (h.queue() != queue) {
                        return false;
                    }
                    ConsumerRecord<byte[], byte[]> record = h.record();
                    outbox.send(new ProducerRecord<>(MqContract.Topics.DELAY, null, null, record.key(), record.value(),
                            record.headers()));
                    return true;
                });
                queue.heldOffsets.clear();
            }
        }

        /** Delivers the held messages that are due; returns when to look again. */
        private long deliverHeld(long nowMs) {
            while (!held.isEmpty() && held.peek().dueAtMs() <= nowMs) {
                Held due = held.poll();
                deliver(due.targetTopic(), due.messageId(), due.dueAtMs(), due.record(), nowMs);
                due.queue().heldOffsets.remove(due.record().offset());
            }
            return nowMs + MAX_POLL_TIMEOUT.toMillis();
        }

        private void deliver(String targetTopic, String messageId, long dueAtMs, ConsumerRecord<byte[], byte[]> record,
                             long nowMs) {
            outbox.send(ProtocolRecords.delivery(targetTopic, messageId, record.key(), record.value(), record.headers()));
            delivered.increment();
            lateness.record(Math.max(0, nowMs - dueAtMs), TimeUnit.MILLISECONDS);
        }

        /** Handles the partition's ready heads; returns when the next head is due to be looked at, or 0 if none. */
        private long drain(PartitionQueue queue, long nowMs) {
            while (!queue.buffered.isEmpty()) {
                ConsumerRecord<byte[], byte[]> head = queue.buffered.peekFirst();
                DelayStep step = DelayStep.of(head, queue.tier, settings.maxDelayMs(), nowMs);
                switch (step) {
                    case DelayStep.Wait wait -> {
                        return wait.untilMs();
                    }
                    case DelayStep.Deliver deliver -> deliver(deliver.targetTopic(), deliver.messageId(), deliver.dueAtMs(),
                            head, nowMs);
                    case DelayStep.Hold hold -> {
                        held.add(new Held(hold.dueAtMs(), hold.targetTopic(), hold.messageId(), head, queue));
                        queue.heldOffsets.add(head.offset());
                    }
                    case DelayStep.Route route -> {
                        outbox.send(new ProducerRecord<>(route.tier().topic(), null, nowMs, head.key(), head.value(),
                                head.headers()));
                        if (queue.tier != null) {
                            hops.increment();
                        }
                    }
                    case DelayStep.Dead deadStep -> outbox.deadLetter(new ProducerRecord<>(head.topic(), null, null,
                            head.key(), head.value(), head.headers()), deadStep.reason());
                }
                if (queue.tier == null) {
                    scheduled.increment();
                }
                queue.buffered.pollFirst();
                queue.processedOffset = head.offset() + 1;
            }
            return 0;
        }

        private void checkpoint(Collection<TopicPartition> which) {
            outbox.flush();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : which) {
                PartitionQueue queue = queues.get(tp);
                long checkpoint = queue.checkpointOffset();
                if (checkpoint >= 0 && checkpoint != queue.committedOffset) {
                    offsets.put(tp, new OffsetAndMetadata(checkpoint));
                }
            }
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets);
                offsets.forEach((tp, offset) -> queues.get(tp).committedOffset = offset.offset());
            }
        }

        private final class Rebalance implements ConsumerRebalanceListener {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                List<TopicPartition> ours = revoked.stream().filter(queues::containsKey).toList();
                release(ours);
                checkpoint(ours);
                forget(ours);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> lost) {
                forget(lost);
            }

            /** Held messages of partitions given away are dropped: the checkpoint kept them, the next owner re-reads them. */
            private void forget(Collection<TopicPartition> partitions) {
                for (TopicPartition tp : partitions) {
                    PartitionQueue queue = queues.remove(tp);
                    if (queue != null) {
                        held.removeIf(h -> h.queue() == queue);
                    }
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                for (TopicPartition tp : assigned) {
                    queues.put(tp, new PartitionQueue(DelayTier.ofTopic(tp.topic()).orElse(null)));
                }
            }
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
