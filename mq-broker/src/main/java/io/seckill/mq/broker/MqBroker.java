package io.seckill.mq.broker;

import io.seckill.mq.broker.admin.AdminHttpServer;
import io.seckill.mq.broker.config.BrokerConfig;
import io.seckill.mq.broker.coordinator.Coordinator;
import io.seckill.mq.broker.coordinator.EmbeddedCoordinator;
import io.seckill.mq.broker.group.GroupConfig;
import io.seckill.mq.broker.group.GroupCoordinator;
import io.seckill.mq.broker.group.GroupLog;
import io.seckill.mq.broker.log.HighWatermarkListener;
import io.seckill.mq.broker.log.LogConfig;
import io.seckill.mq.broker.log.LogManager;
import io.seckill.mq.broker.log.PartitionLog;
import io.seckill.mq.broker.metadata.ClusterIdentity;
import io.seckill.mq.broker.metadata.LocalNode;
import io.seckill.mq.broker.metadata.ProducerIdAllocator;
import io.seckill.mq.broker.metadata.TopicConfigs;
import io.seckill.mq.broker.metadata.TopicMetadata;
import io.seckill.mq.broker.metadata.TopicRegistry;
import io.seckill.mq.broker.metadata.TopicService;
import io.seckill.mq.broker.metrics.BrokerMetrics;
import io.seckill.mq.broker.metrics.ConsumerLagMetrics;
import io.seckill.mq.broker.metrics.LogMetrics;
import io.seckill.mq.broker.network.KafkaServer;
import io.seckill.mq.broker.protocol.BrokerApis;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running broker: data directory, logs, the Kafka listener and the admin endpoint, started in
 * dependency order and stopped in reverse. {@link #close()} is the graceful shutdown: it stops
 * taking requests, flushes and closes every log and leaves a clean-shutdown marker, so the next
 * start needs no recovery.
 */
public final class MqBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqBroker.class);

    private final BrokerConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final BrokerMetrics metrics = new BrokerMetrics();
    private final LogManager logs;
    private final TopicService topics;
    private final GroupCoordinator groups;
    private final BrokerApis apis;
    private final KafkaServer server;
    private final AdminHttpServer admin;
    private final EmbeddedCoordinator coordinator;
    private final int port;
    private final int adminPort;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean serving;

    private MqBroker(BrokerConfig config) throws IOException, InterruptedException {
        this.config = config;
        Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        lockChannel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("data directory " + dataDir + " is in use by another broker");
        }
        ClusterIdentity identity = ClusterIdentity.loadOrCreate(dataDir);
        TopicRegistry registry = TopicRegistry.load(dataDir);
        TopicConfigs topicConfigs = new TopicConfigs(config);
        OrphanLogs.remove(dataDir, registry);
        ForwardingListener hwListener = new ForwardingListener();
        logs = LogManager.open(dataDir, partitionsOf(registry, topicConfigs), hwListener, Time.SYSTEM);
        topics = new TopicService(registry, logs, topicConfigs, config.defaultPartitions());
        topics.createMissingLogs();
        LocalNode node = new LocalNode(config.nodeId(), config.advertisedHost(), identity.clusterId());
        groups = startGroupCoordinator(config, topics);
        apis = new BrokerApis(config, config.asSettings(), topics, node, ProducerIdAllocator.load(dataDir), groups);
        hwListener.delegate = apis.highWatermarkListener();
        LogMetrics logMetrics = new LogMetrics(metrics, logs);
        ConsumerLagMetrics lagMetrics = new ConsumerLagMetrics(metrics, groups, topics);
        server = new KafkaServer(config.bindHost(), config.port(), config.maxFrameBytes(), config.networkThreads(),
                apis.dispatcher(), metrics);
        port = server.start();
        node.bound(config.advertisedPort() == 0 ? port : config.advertisedPort());
        if (config.adminPort() >= 0) {
            admin = new AdminHttpServer(config.bindHost(), config.adminPort(), this::health, () -> {
                logMetrics.refresh();
                lagMetrics.refresh();
                return metrics.scrape();
            });
            adminPort = admin.start();
        } else {
            admin = null;
            adminPort = -1;
        }
        coordinator = config.coordinator().enabled() ? startCoordinator(config, topics, port, metrics) : null;
        serving = true;
        log.info("mq-broker {} serving Kafka protocol on {}:{} (advertised {}:{}), admin on {}, data in {}, flush {}{}",
                identity.clusterId(), config.bindHost(), port, config.advertisedHost(), node.port(), adminPort,
                dataDir.toAbsolutePath(), config.flushPolicy(),
                logs.recoveredUncleanShutdown() ? ", recovered after an unclean shutdown" : "");
    }

    /**
     * Creates the coordinator's topics in process, so they exist with their intended partitions before any client
     * can auto-create one with the defaults, then starts the coordinator itself (a client) in the background.
     */
    private static EmbeddedCoordinator startCoordinator(BrokerConfig config, TopicService topics, int port,
                                                        BrokerMetrics metrics) {
        for (Coordinator.InternalTopic topic : Coordinator.topics(config.coordinator())) {
            if (topics.registry().topic(topic.name()).isEmpty()) {
                topics.create(topic.name(), topic.partitions(), (short) -1, topic.configs(), false);
            }
        }
        return EmbeddedCoordinator.start(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port),
                config.coordinator(), metrics.registry());
    }

    /** Restores groups and offsets from {@code __consumer_offsets}; offsets of deleted topics are dropped. */
    private static GroupCoordinator startGroupCoordinator(BrokerConfig config, TopicService topics) throws IOException {
        PartitionLog offsetsLog = topics.internalPartition(Topic.GROUP_METADATA_TOPIC_NAME, GroupLog.TOPIC_CONFIGS);
        GroupLog groupLog = new GroupLog(offsetsLog,
                config.dataDir().resolve("__metadata").resolve("consumer-offsets.snapshot"), Time.SYSTEM);
        GroupCoordinator coordinator = GroupCoordinator.start(
                GroupConfig.withInitialRebalanceDelayMs(config.groupInitialRebalanceDelayMs()), Time.SYSTEM, groupLog,
                tp -> topics.partition(tp).isPresent());
        topics.onTopicDeleted(coordinator::onTopicDeleted);
        return coordinator;
    }

    /** Starts a broker; the returned broker is serving. */
    public static MqBroker start(BrokerConfig config) throws IOException, InterruptedException {
        return new MqBroker(config);
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    public BrokerConfig config() {
        return config;
    }

    public TopicService topics() {
        return topics;
    }

    public boolean recoveredUncleanShutdown() {
        return logs.recoveredUncleanShutdown();
    }

    private AdminHttpServer.Health health() {
        boolean up = serving && !closed.get();
        return new AdminHttpServer.Health(up, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"port\":" + port
                + ",\"topics\":" + topics.registry().topics().size()
                + ",\"recoveredUncleanShutdown\":" + logs.recoveredUncleanShutdown()
                + ",\"coordinator\":\"" + (coordinator == null ? "DISABLED" : coordinator.state()) + "\"}");
    }

    private static Map<TopicPartition, LogConfig> partitionsOf(TopicRegistry registry, TopicConfigs configs) {
        Map<TopicPartition, LogConfig> partitions = new HashMap<>();
        for (TopicMetadata topic : registry.topics()) {
            LogConfig logConfig = configs.logConfig(topic.configOverrides());
            for (int p = 0; p < topic.partitionCount(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), logConfig);
            }
        }
        return partitions;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("mq-broker shutting down");
        serving = false;
        if (coordinator != null) {
            coordinator.close();
        }
        server.close();
        groups.close();
        apis.close();
        logs.close();
        if (admin != null) {
            admin.close();
        }
        metrics.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("could not release the data directory lock", e);
        }
        log.info("mq-broker stopped cleanly");
    }

    /** Lets the log manager be opened before the fetch purgatory it notifies exists. */
    private static final class ForwardingListener implements HighWatermarkListener {
        private volatile HighWatermarkListener delegate;

        @Override
        public void onHighWatermarkAdvanced(TopicPartition tp, long highWatermark) {
            HighWatermarkListener target = delegate;
            if (target != null) {
                target.onHighWatermarkAdvanced(tp, highWatermark);
            }
        }
    }
}
