package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The client properties of one {@code mq} invocation. Precedence: short timeouts (so an unreachable
 * broker fails a command within seconds instead of hanging) &lt; the operator's
 * {@code --command-config} file &lt; {@code --bootstrap-server} &lt; what the command itself needs
 * (group id, offset reset).
 */
record ClientSettings(String bootstrapServers, Map<String, String> commandConfig) {

    static final int REQUEST_TIMEOUT_MS = 5_000;
    static final int API_TIMEOUT_MS = 10_000;
    static final int MAX_BLOCK_MS = 10_000;
    static final int DELIVERY_TIMEOUT_MS = 15_000;
    private static final int CONNECTION_SETUP_TIMEOUT_MS = 3_000;
    private static final int RECONNECT_BACKOFF_MAX_MS = 1_000;
    private static final String CLIENT_ID = "mq-cli";

    ClientSettings {
        commandConfig = Map.copyOf(commandConfig);
    }

    /** Settings from the global options; {@code commandConfigFile} may be null. */
    static ClientSettings of(String bootstrapServers, Path commandConfigFile) {
        if (commandConfigFile == null) {
            return new ClientSettings(bootstrapServers, Map.of());
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(commandConfigFile)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new CliException("cannot read --command-config " + commandConfigFile + ": " + e.getMessage());
        }
        Map<String, String> config = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        return new ClientSettings(bootstrapServers, config);
    }

    Map<String, Object> admin() {
        Map<String, Object> config = common();
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MS);
        return withOperatorConfig(config);
    }

    Map<String, Object> producer() {
        Map<String, Object> config = common();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return withOperatorConfig(config);
    }

    /** Consumer properties; {@code commandOverrides} (group id, offset reset) win over everything. */
    Map<String, Object> consumer(Map<String, Object> commandOverrides) {
        Map<String, Object> config = common();
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MS);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        Map<String, Object> resolved = withOperatorConfig(config);
        resolved.putAll(commandOverrides);
        return resolved;
    }

    private static Map<String, Object> common() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, CONNECTION_SETUP_TIMEOUT_MS);
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, CONNECTION_SETUP_TIMEOUT_MS);
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
        return config;
    }

    private Map<String, Object> withOperatorConfig(Map<String, Object> defaults) {
        defaults.putAll(commandConfig);
        defaults.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return defaults;
    }
}
