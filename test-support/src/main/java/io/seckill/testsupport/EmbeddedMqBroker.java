package io.seckill.testsupport;

import io.seckill.common.messaging.Topics;
import io.seckill.mq.broker.MqBroker;
import io.seckill.mq.broker.config.BrokerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * The one real mq-broker of a test JVM, in process with its half-message coordinator, on a free port with its log
 * in a temporary directory; every business topic ({@link Topics#ALL}) is created with 3 partitions, as operators
 * would.
 *
 * <p>Started on first use and closed by a JVM shutdown hook, like {@link EmbeddedRedis}: Spring caches application
 * contexts across test classes. Tests isolate by unique activity ids in the shared topics. Thread-safe.
 */
public final class EmbeddedMqBroker {

    private final MqBroker broker;

    private EmbeddedMqBroker(MqBroker broker) {
        this.broker = broker;
    }

    /** The JVM's broker, started on first call. */
    public static EmbeddedMqBroker shared() {
        return Holder.INSTANCE;
    }

    /** {@code bootstrap.servers} for clients of this broker. */
    public String bootstrapServers() {
        return "127.0.0.1:" + broker.port();
    }

    private static EmbeddedMqBroker start() {
        try {
            Path dataDir = Files.createTempDirectory("test-mq-broker-");
            MqBroker broker = MqBroker.start(BrokerConfig.defaults().withEndpoints(0, 0, dataDir));
            EmbeddedMqBroker started = new EmbeddedMqBroker(broker);
            started.createTopics(Topics.ALL, 3);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                deleteRecursively(dataDir);
            }, "embedded-mq-broker-shutdown"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mq-broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void createTopics(List<String> topics, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(topics.stream().map(topic -> new NewTopic(topic, partitions, (short) 1)).toList())
                    .all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + topics, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort at JVM exit: a leftover temporary directory harms no later run.
        }
    }

    /** Lazy, thread-safe start of the one instance (class initialization runs once). */
    private static final class Holder {
        static final EmbeddedMqBroker INSTANCE = start();
    }
}
