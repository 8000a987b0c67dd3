package io.seckill.mq.broker.testing;

import io.seckill.mq.broker.MqBroker;
import io.seckill.mq.broker.config.BrokerConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Starts one real in-process mq-broker per test JVM (flush sync, any free port, a temporary data
 * directory) and stops it gracefully when the JVM's test run ends. Tests isolate themselves by
 * unique topic names ({@link #uniqueTopic(String)}), so they run in any order.
 */
public final class BrokerExtension implements BeforeAllCallback {

    private static MqBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (BrokerExtension.class) {
            if (broker == null) {
                Path dataDir = Files.createTempDirectory("mq-broker-it-");
                broker = MqBroker.start(BrokerConfig.defaults().withEndpoints(0, 0, dataDir));
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(BrokerExtension.class.getName(), (AutoCloseable) () -> {
                            synchronized (BrokerExtension.class) {
                                broker.close();
                                TestFiles.deleteRecursively(dataDir);
                                broker = null;
                            }
                        });
            }
        }
    }

    public static MqBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(BrokerExtension.class)");
        }
        return broker;
    }

    public static String bootstrapServers() {
        return "127.0.0.1:" + broker().port();
    }

    /** Base client settings pointing at the shared broker. */
    public static Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    public static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
