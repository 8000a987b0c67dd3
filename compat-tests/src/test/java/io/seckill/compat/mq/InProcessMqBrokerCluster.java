package io.seckill.compat.mq;

import io.seckill.mq.broker.MqBroker;
import io.seckill.mq.broker.config.BrokerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** mq-broker in this JVM with its coordinator inside; a restart is a graceful broker stop and start on the same data. */
final class InProcessMqBrokerCluster implements CoordinatedCluster {

    private final Path dataDir;
    private final BrokerConfig config;
    private volatile MqBroker broker;

    private InProcessMqBrokerCluster(Path dataDir, MqBroker broker) {
        this.dataDir = dataDir;
        this.broker = broker;
        // Restarts keep the port, so clients reconnect to the same bootstrap address.
        this.config = broker.config().withEndpoints(broker.port(), 0, dataDir);
    }

    static InProcessMqBrokerCluster start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("coordinated-mq-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BrokerConfig config = BrokerConfig.defaults().withEndpoints(0, 0, dataDir).withCoordinator(TEST_SETTINGS);
        return new InProcessMqBrokerCluster(dataDir, startBroker(config));
    }

    private static MqBroker startBroker(BrokerConfig config) {
        try {
            return MqBroker.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + broker.port();
    }

    @Override
    public void restart() {
        broker.close();
        broker = startBroker(config);
    }

    @Override
    public String coordinatorMetrics() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.adminPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        broker.close();
        TestDirs.deleteRecursively(dataDir);
    }

    @Override
    public String toString() {
        return "mq-broker";
    }
}
