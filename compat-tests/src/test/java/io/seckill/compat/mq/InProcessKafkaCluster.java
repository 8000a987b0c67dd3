package io.seckill.compat.mq;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.seckill.mq.broker.coordinator.Coordinator;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Map;

/**
 * Apache Kafka (one KRaft node) in this JVM with the standalone coordinator against it, as in the Kafka deployment.
 * The coordinator keeps one metrics registry across restarts, so its counters add up over the test.
 */
final class InProcessKafkaCluster implements CoordinatedCluster {

    private final EmbeddedKafkaKraftBroker kafka;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile Coordinator coordinator;

    private InProcessKafkaCluster(EmbeddedKafkaKraftBroker kafka) {
        this.kafka = kafka;
        this.coordinator = startCoordinator();
    }

    static InProcessKafkaCluster start() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        return new InProcessKafkaCluster(kafka);
    }

    private Coordinator startCoordinator() {
        return Coordinator.start(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()), TEST_SETTINGS, registry);
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public void restart() {
        coordinator.close();
        coordinator = startCoordinator();
    }

    @Override
    public String coordinatorMetrics() {
        return registry.scrape();
    }

    @Override
    public void close() {
        coordinator.close();
        kafka.destroy();
    }

    @Override
    public String toString() {
        return "Apache Kafka + standalone coordinator";
    }
}
