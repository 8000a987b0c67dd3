package io.seckill.mq.broker;

import io.seckill.mq.broker.config.BrokerConfig;
import io.seckill.mq.broker.config.BrokerConfigLoader;
import io.seckill.mq.broker.config.BrokerSetting;
import io.seckill.mq.broker.coordinator.CoordinatorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mq-broker.jar [--port 9092] [--admin-port 9644] [--data-dir DIR] [--flush sync|async] ...}, or
 * {@code java -jar mq-broker.jar coordinator --bootstrap HOST:PORT} for the standalone coordinator.
 *
 * <p>Settings come from defaults, then {@code --config FILE}, then {@code MQ_BROKER_*} environment
 * variables, then flags. SIGTERM (or Ctrl-C) shuts down gracefully.
 */
@Command(name = "mq-broker", mixinStandardHelpOptions = true, version = "mq-broker 0.1.0",
        description = "A single-node message broker that speaks the Apache Kafka wire protocol.",
        sortOptions = false, subcommands = CoordinatorCommand.class)
public final class MqBrokerMain implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with broker settings.")
    private Path configFile;

    @Option(names = "--port", description = "Kafka protocol port (default 9092; 0 = any free port).")
    private Integer port;

    @Option(names = "--admin-port", description = "HTTP port for /health and /metrics (default 9644; -1 = off).")
    private Integer adminPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where logs and metadata live (default data/mq-broker).")
    private Path dataDir;

    @Option(names = "--flush", paramLabel = "sync|async",
            description = "sync: acks=all waits for fsync (group commit); async: fsync every flush.interval.ms.")
    private String flush;

    @Option(names = "--host", description = "Address to bind (default 0.0.0.0).")
    private String host;

    @Option(names = "--advertised-host", description = "Host name given to clients in metadata (default localhost).")
    private String advertisedHost;

    @Option(names = "--num-partitions", description = "Partitions of auto-created topics (default 1).")
    private Integer numPartitions;

    @Option(names = "--auto-create-topics", arity = "1", paramLabel = "true|false",
            description = "Create unknown topics on metadata requests that allow it (default true).")
    private Boolean autoCreateTopics;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any other broker setting, e.g. -D log.retention.ms=3600000.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        put(overrides, BrokerSetting.PORT, port);
        put(overrides, BrokerSetting.ADMIN_PORT, adminPort);
        put(overrides, BrokerSetting.DATA_DIR, dataDir);
        put(overrides, BrokerSetting.FLUSH, flush);
        put(overrides, BrokerSetting.HOST, host);
        put(overrides, BrokerSetting.ADVERTISED_HOST, advertisedHost);
        put(overrides, BrokerSetting.NUM_PARTITIONS, numPartitions);
        put(overrides, BrokerSetting.AUTO_CREATE_TOPICS, autoCreateTopics);
        BrokerConfig config = BrokerConfigLoader.load(configFile, System.getenv(), overrides);
        MqBroker broker = MqBroker.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "mq-broker-shutdown"));
        stopped.await();
        return 0;
    }

    private static void put(Map<String, String> overrides, BrokerSetting setting, Object value) {
        if (value != null) {
            overrides.put(setting.key(), value.toString());
        }
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new MqBrokerMain());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("mq-broker: " + e.getMessage());
            return 1;
        });
        int exitCode = commandLine.execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }
}
