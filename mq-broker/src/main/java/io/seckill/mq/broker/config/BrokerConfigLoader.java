package io.seckill.mq.broker.config;

import io.seckill.mq.broker.log.FlushPolicy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves a {@link BrokerConfig}: defaults, then the properties file, then {@code MQ_BROKER_*}
 * environment variables, then command-line values; later sources win. Unknown keys in the file or
 * on the command line are rejected so that a typo never silently falls back to a default.
 */
public final class BrokerConfigLoader {

    private BrokerConfigLoader() {
    }

    public static BrokerConfig load(Path configFile, Map<String, String> env, Map<String, String> overrides) {
        Map<BrokerSetting, String> values = new EnumMap<>(BrokerSetting.class);
        for (BrokerSetting setting : BrokerSetting.values()) {
            values.put(setting, setting.defaultValue());
        }
        if (configFile != null) {
            readFile(configFile).forEach((key, value) -> values.put(known(key, configFile.toString()), value));
        }
        for (BrokerSetting setting : BrokerSetting.values()) {
            String fromEnv = env.get(setting.envName());
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(setting, fromEnv.trim());
            }
        }
        overrides.forEach((key, value) -> values.put(known(key, "the command line"), value));
        return build(values);
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> result = new java.util.LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> result.put(name, properties.getProperty(name).trim()));
        return result;
    }

    private static BrokerSetting known(String key, String source) {
        return BrokerSetting.byKey(key).orElseThrow(() ->
                new IllegalArgumentException("unknown broker setting '" + key + "' in " + source));
    }

    private static BrokerConfig build(Map<BrokerSetting, String> v) {
        return new BrokerConfig(
                intValue(v, BrokerSetting.NODE_ID),
                v.get(BrokerSetting.HOST),
                v.get(BrokerSetting.ADVERTISED_HOST),
                intValue(v, BrokerSetting.PORT),
                intValue(v, BrokerSetting.ADVERTISED_PORT),
                intValue(v, BrokerSetting.ADMIN_PORT),
                Path.of(v.get(BrokerSetting.DATA_DIR)),
                FlushPolicy.parse(v.get(BrokerSetting.FLUSH)),
                longValue(v, BrokerSetting.FLUSH_INTERVAL_MS),
                booleanValue(v, BrokerSetting.AUTO_CREATE_TOPICS),
                intValue(v, BrokerSetting.NUM_PARTITIONS),
                intValue(v, BrokerSetting.SOCKET_REQUEST_MAX_BYTES),
                intValue(v, BrokerSetting.NUM_NETWORK_THREADS),
                intValue(v, BrokerSetting.SEGMENT_BYTES),
                longValue(v, BrokerSetting.SEGMENT_MS),
                longValue(v, BrokerSetting.RETENTION_MS),
                longValue(v, BrokerSetting.RETENTION_BYTES),
                intValue(v, BrokerSetting.MESSAGE_MAX_BYTES),
                intValue(v, BrokerSetting.GROUP_INITIAL_REBALANCE_DELAY_MS),
                coordinatorSettings(v));
    }

    private static CoordinatorSettings coordinatorSettings(Map<BrokerSetting, String> v) {
        return new CoordinatorSettings(
                booleanValue(v, BrokerSetting.COORDINATOR_ENABLED),
                longValue(v, BrokerSetting.COORDINATOR_TRANSACTION_TIMEOUT_MS),
                intValue(v, BrokerSetting.COORDINATOR_CHECK_MAX),
                longValue(v, BrokerSetting.COORDINATOR_CHECK_INTERVAL_MS),
                longValue(v, BrokerSetting.COORDINATOR_DELAY_MAX_MS),
                intValue(v, BrokerSetting.COORDINATOR_HALF_PARTITIONS),
                intValue(v, BrokerSetting.COORDINATOR_DELAY_PARTITIONS));
    }

    private static int intValue(Map<BrokerSetting, String> values, BrokerSetting setting) {
        try {
            return Integer.parseInt(values.get(setting));
        } catch (NumberFormatException e) {
            throw invalid(setting, values.get(setting), "an integer");
        }
    }

    private static long longValue(Map<BrokerSetting, String> values, BrokerSetting setting) {
        try {
            return Long.parseLong(values.get(setting));
        } catch (NumberFormatException e) {
            throw invalid(setting, values.get(setting), "an integer");
        }
    }

    private static boolean booleanValue(Map<BrokerSetting, String> values, BrokerSetting setting) {
        String value = values.get(setting);
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.parseBoolean(value);
        }
        throw invalid(setting, value, "true or false");
    }

    private static IllegalArgumentException invalid(BrokerSetting setting, String value, String expected) {
        return new IllegalArgumentException(setting.key() + " must be " + expected + ", was '" + value + "'");
    }
}
