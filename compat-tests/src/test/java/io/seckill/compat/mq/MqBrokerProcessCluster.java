package io.seckill.compat.mq;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** mq-broker as a child process (the fat jar, flush sync): killing it kills the broker and its coordinator. */
final class MqBrokerProcessCluster implements KillableCoordinator {

    private final List<String> args;
    private final int port;
    private ChildJvm broker;

    MqBrokerProcessCluster(Path dataDir) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        args = new ArrayList<>(List.of("--port", String.valueOf(port), "--admin-port", "-1", "--data-dir", dataDir.toString(),
                "--flush", "sync"));
        args.addAll(List.of(TEST_SETTINGS));
        restart();
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void kill() throws Exception {
        broker.kill();
    }

    @Override
    public void restart() throws Exception {
        broker = ChildJvm.fatJar("serving Kafka protocol", args.toArray(String[]::new)).awaitReady(Duration.ofSeconds(60));
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }

    @Override
    public String toString() {
        return "mq-broker process";
    }
}
