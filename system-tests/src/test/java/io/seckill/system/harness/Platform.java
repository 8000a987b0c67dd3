package io.seckill.system.harness;

import io.seckill.testsupport.EmbeddedMariaDb;
import io.seckill.testsupport.EmbeddedMqBroker;
import io.seckill.testsupport.EmbeddedRedis;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The three services of one test class as child processes, on the test JVM's embedded MariaDB (a fresh schema per
 * service per class, so classes never see each other's rows), Redis and mq-broker. Register it as a static
 * {@code @RegisterExtension} field: it starts before the class's first test and stops after its last.
 * Tests within a class isolate by fresh activity ids.
 *
 * <p>Callers reach the services as the gateway would ({@link #inventoryClient()} …): with the internal secret
 * and a user id. Not thread-safe for lifecycle calls; the clients are.
 */
public final class Platform implements BeforeAllCallback, AfterAllCallback {

    /** The shared secret the services accept in {@code X-Internal-Auth}. */
    public static final String INTERNAL_SECRET = "system-test-internal-secret";
    /** How long a service JVM may take to become healthy on a busy two-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static final String PAYMENT_TIMEOUT_PROPERTY = "seckill.order.payment-timeout";
    private static final String ORDER_SERVICE_URL_PROPERTY = "seckill.payment.order-service.url";

    private final Duration paymentTimeout;
    private ServiceProcess inventory;
    private ServiceProcess orders;
    private ServiceProcess payments;

    private Platform(Duration paymentTimeout) {
        this.paymentTimeout = Objects.requireNonNull(paymentTimeout, "paymentTimeout");
    }

    /** Unpaid orders are cancelled after {@code paymentTimeout} (the services' default is 15 minutes). */
    public static Platform withPaymentTimeout(Duration paymentTimeout) {
        return new Platform(paymentTimeout);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String prefix = "st_" + context.getRequiredTestClass().getSimpleName().toLowerCase().replace("it", "");
        int orderPort = freePort();
        // One directory per class: run numbers restart with every class, so shared names would overwrite logs.
        Path logDir = Path.of(System.getProperty("seckill.system.log-dir", "target/system-logs"))
                .resolve(context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
        // Every jar is looked up before anything starts, so a missing one fails fast and leaves no process behind.
        Path inventoryJar = ServiceJars.of("inventory-service");
        Path orderJar = ServiceJars.of("order-service");
        Path paymentJar = ServiceJars.of("payment-service");
        // All three boot at once: on two cores that is still faster than one after the other.
        inventory = ServiceProcess.launch("inventory-service", inventoryJar, freePort(),
                infrastructure(prefix + "_inv"), logDir);
        orders = ServiceProcess.launch("order-service", orderJar, orderPort,
                with(infrastructure(prefix + "_ord"), "--" + PAYMENT_TIMEOUT_PROPERTY + "=" + paymentTimeout),
                logDir);
        payments = ServiceProcess.launch("payment-service", paymentJar, freePort(),
                with(infrastructure(prefix + "_pay"),
                        "--" + ORDER_SERVICE_URL_PROPERTY + "=http://127.0.0.1:" + orderPort), logDir);
        for (ServiceProcess service : List.of(inventory, orders, payments)) {
            service.awaitHealthy(START_TIMEOUT);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Graceful, so that the consumers commit what they processed and the next class's instances (same
        // consumer groups on the same broker) do not receive this class's records.
        for (ServiceProcess service : new ServiceProcess[]{payments, orders, inventory}) {
            if (service != null) {
                service.stop();
            }
        }
    }

    public ServiceProcess inventory() {
        return inventory;
    }

    public ServiceProcess orders() {
        return orders;
    }

    public ServiceProcess payments() {
        return payments;
    }

    /** The configured payment timeout of order-service. */
    public Duration paymentTimeout() {
        return paymentTimeout;
    }

    public ServiceClient inventoryClient() {
        return ServiceClient.of(inventory.baseUrl(), INTERNAL_SECRET);
    }

    public ServiceClient orderClient() {
        return ServiceClient.of(orders.baseUrl(), INTERNAL_SECRET);
    }

    public ServiceClient paymentClient() {
        return ServiceClient.of(payments.baseUrl(), INTERNAL_SECRET);
    }

    /** The sale-level view of the platform for tests. */
    public Storefront storefront() {
        return new Storefront(inventoryClient(), orderClient(), paymentClient());
    }

    /** {@code bootstrap.servers} of the broker the services use. */
    public String bootstrapServers() {
        return EmbeddedMqBroker.shared().bootstrapServers();
    }

    private List<String> infrastructure(String schemaPrefix) {
        return List.of(
                "--spring.datasource.url=" + EmbeddedMariaDb.shared().newSchemaUrl(schemaPrefix),
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + EmbeddedRedis.shared().port(),
                "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                "--seckill.internal.secret=" + INTERNAL_SECRET);
    }

    private static List<String> with(List<String> arguments, String more) {
        List<String> all = new ArrayList<>(arguments);
        all.add(more);
        return all;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
