package io.seckill.compat.mq;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Apache Kafka in this JVM and the standalone coordinator as a child process (the fat jar's {@code coordinator}). */
final class KafkaWithCoordinatorProcess implements KillableCoordinator {

    private final EmbeddedKafkaKraftBroker kafka;
    private ChildJvm coordinator;

    KafkaWithCoordinatorProcess() throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        restart();
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public void kill() throws Exception {
        coordinator.kill();
    }

    @Override
    public void restart() throws Exception {
        List<String> args = new ArrayList<>(List.of("coordinator", "--bootstrap", bootstrapServers(), "--admin-port", "-1"));
        args.addAll(List.of(TEST_SETTINGS));
        coordinator = ChildJvm.fatJar("coordinator started", args.toArray(String[]::new)).awaitReady(Duration.ofSeconds(60));
    }

    @Override
    public void close() throws Exception {
        coordinator.close();
        kafka.destroy();
    }

    @Override
    public String toString() {
        return "Apache Kafka + standalone coordinator process";
    }
}
