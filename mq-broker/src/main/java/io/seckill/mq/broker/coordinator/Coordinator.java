package io.seckill.mq.broker.coordinator;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.broker.config.CoordinatorSettings;
import io.seckill.mq.broker.delay.DelayEngine;
import io.seckill.mq.broker.txn.CheckTopics;
import io.seckill.mq.broker.txn.HalfMessageEngine;
import io.seckill.mq.client.InternalTopics;
import io.seckill.mq.client.MqContract;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine behind half messages and delayed delivery: a Kafka client of the broker it serves, so the same code
 * runs inside mq-broker (against itself, over loopback) and as a standalone process against an Apache Kafka
 * cluster. It creates the protocol's topics if missing, then runs the {@link HalfMessageEngine} and the
 * {@link DelayEngine} on their own threads. All its state is in topics and committed offsets: any number of
 * coordinators may run against one cluster (they share the work as consumer groups), and a crash loses nothing.
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final HalfMessageEngine halfEngine;
    private final DelayEngine delayEngine;

    private Coordinator(Map<String, Object> clientConfig, CoordinatorSettings settings, MeterRegistry registry) {
        this.admin = Admin.create(adminConfig(clientConfig));
        try {
            ensureTopics(admin, settings);
        } catch (RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
        this.producer = new KafkaProducer<>(producerConfig(clientConfig));
        this.halfEngine = new HalfMessageEngine(clientConfig, producer, settings, new CheckTopics(admin), registry);
        this.delayEngine = new DelayEngine(clientConfig, producer, settings, registry);
    }

    /**
     * Starts a coordinator.
     *
     * @param clientConfig {@code bootstrap.servers} and any security settings, for its consumers, producer and admin
     */
    public static Coordinator start(Map<String, Object> clientConfig, CoordinatorSettings settings, MeterRegistry registry) {
        Coordinator coordinator = new Coordinator(clientConfig, settings, registry);
        coordinator.halfEngine.start();
        coordinator.delayEngine.start();
        log.info("coordinator started against {}: transaction timeout {} ms, {} check-backs every {} ms, max delay {} ms",
                clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), settings.transactionTimeoutMs(),
                settings.checkMax(), settings.checkIntervalMs(), settings.maxDelayMs());
        return coordinator;
    }

    /** A topic the coordinator needs, with the partitions and configs it is created with. */
    public record InternalTopic(String name, int partitions, Map<String, String> configs) {
    }

    /** Every topic the coordinator reads or writes, as it creates them when missing. */
    public static List<InternalTopic> topics(CoordinatorSettings settings) {
        // Records wait in these topics for at most the longest delay (or the check-back span); keep them well beyond.
        long retentionMs = Math.max(Duration.ofDays(7).toMillis(), 2 * settings.maxDelayMs());
        Map<String, String> configs = Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMs),
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()));
        List<InternalTopic> topics = new ArrayList<>();
        topics.add(new InternalTopic(MqContract.Topics.HALF, settings.halfPartitions(), configs));
        for (String topic : DelayEngine.topics()) {
            topics.add(new InternalTopic(topic, settings.delayPartitions(), configs));
        }
        topics.add(new InternalTopic(MqContract.Topics.DEAD, 1,
                Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(30).toMillis()))));
        return topics;
    }

    private static void ensureTopics(Admin admin, CoordinatorSettings settings) {
        for (InternalTopic topic : topics(settings)) {
            InternalTopics.ensure(admin, topic.name(), topic.partitions(), topic.configs());
        }
    }

    private static Map<String, Object> adminConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "mq-coordinator-admin");
        return config;
    }

    private static Map<String, Object> producerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "mq-coordinator");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Deliveries must survive a broker crash and keep per-key order: idempotent, acks=all, in order.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return config;
    }

    /** Stops both engines (each takes a last checkpoint), then the producer. */
    @Override
    public void close() {
        halfEngine.close();
        delayEngine.close();
        producer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(5));
        log.info("coordinator stopped");
    }
}
