package io.seckill.compat.broker;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * Starts one broker for a test class and stops it when the class is done. Register it in a static
 * {@code @RegisterExtension} field. The broker is closed by the class's extension store, which JUnit
 * closes after every {@code afterAll} callback, so a Spring context that the class dirties is closed
 * while its broker is still up.
 */
public final class BrokerExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrokerExtension.class);

    private final Supplier<BrokerUnderTest> starter;
    private volatile BrokerUnderTest broker;

    private BrokerExtension(Supplier<BrokerUnderTest> starter) {
        this.starter = starter;
    }

    /** The project's own broker, in process. */
    public static BrokerExtension mqBroker() {
        return new BrokerExtension(InProcessMqBroker::start);
    }

    /** Apache Kafka, in process. */
    public static BrokerExtension apacheKafka() {
        return new BrokerExtension(InProcessApacheKafka::start);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        BrokerUnderTest started = starter.get();
        broker = started;
        context.getStore(NAMESPACE).put(BrokerUnderTest.class, (AutoCloseable) started::close);
    }

    public String bootstrapServers() {
        BrokerUnderTest running = broker;
        if (running == null) {
            throw new IllegalStateException("the broker starts in beforeAll: register this extension in a static field");
        }
        return running.bootstrapServers();
    }
}
