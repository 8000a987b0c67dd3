package io.seckill.compat.broker;

import io.seckill.mq.broker.MqBroker;
import io.seckill.mq.broker.config.BrokerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The real mq-broker in this JVM with its default settings (flush sync), on free ports and a temporary data directory. */
final class InProcessMqBroker implements BrokerUnderTest {

    private final Path dataDir;
    private final MqBroker broker;

    private InProcessMqBroker(Path dataDir, MqBroker broker) {
        this.dataDir = dataDir;
        this.broker = broker;
    }

    static InProcessMqBroker start() {
        try {
            Path dataDir = Files.createTempDirectory("compat-mq-broker-");
            return new InProcessMqBroker(dataDir, MqBroker.start(BrokerConfig.defaults().withEndpoints(0, 0, dataDir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting mq-broker", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + broker.port();
    }

    @Override
    public void close() {
        broker.close();
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "mq-broker at " + bootstrapServers();
    }
}
