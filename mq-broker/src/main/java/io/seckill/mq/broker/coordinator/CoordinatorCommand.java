package io.seckill.mq.broker.coordinator;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.seckill.mq.broker.admin.AdminHttpServer;
import io.seckill.mq.broker.config.BrokerConfigLoader;
import io.seckill.mq.broker.config.CoordinatorSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar mq-broker.jar coordinator --bootstrap kafka:9092}: the half-message and delayed-delivery
 * coordinator on its own, against any Kafka-protocol cluster (an Apache Kafka cluster when the platform outgrows
 * one mq-broker). Its settings are the broker's {@code coordinator.*} settings; SIGTERM stops it after a last
 * checkpoint.
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the half-message and delayed-delivery coordinator against a Kafka cluster.")
public final class CoordinatorCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true, defaultValue = "${env:MQ_COORDINATOR_BOOTSTRAP}",
            description = "bootstrap.servers of the cluster (env MQ_COORDINATOR_BOOTSTRAP).")
    private String bootstrap;

    @Option(names = "--admin-port", defaultValue = "9645",
            description = "HTTP port for /health and /metrics (default 9645; 0 = any free port; -1 = off).")
    private int adminPort;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with coordinator.* settings.")
    private Path configFile;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "A coordinator setting, e.g. -D coordinator.check.interval.ms=10000.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--client", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting for its consumers and producer, e.g. --client security.protocol=SSL.")
    private Map<String, String> clientSettings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        for (String key : settings.keySet()) {
            if (!key.startsWith("coordinator.")) {
                throw new IllegalArgumentException("'" + key + "' is not a coordinator setting (they start with coordinator.)");
            }
        }
        CoordinatorSettings coordinatorSettings = BrokerConfigLoader.load(configFile, System.getenv(), settings).coordinator();
        Map<String, Object> clientConfig = new HashMap<>(clientSettings);
        clientConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Coordinator coordinator = Coordinator.start(clientConfig, coordinatorSettings, registry);
        AtomicBoolean running = new AtomicBoolean(true);
        AdminHttpServer admin = null;
        if (adminPort >= 0) {
            admin = new AdminHttpServer("0.0.0.0", adminPort, () -> new AdminHttpServer.Health(running.get(),
                    "{\"status\":\"" + (running.get() ? "UP" : "DOWN") + "\",\"bootstrap\":\"" + bootstrap + "\"}"),
                    registry::scrape);
            int bound = admin.start();
            System.out.println("coordinator: health http://localhost:" + bound + "/health, metrics http://localhost:" + bound + "/metrics");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AdminHttpServer adminServer = admin;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            coordinator.close();
            if (adminServer != null) {
                adminServer.close();
            }
            registry.close();
            stopped.countDown();
        }, "mq-coordinator-shutdown"));
        stopped.await();
        return 0;
    }
}
