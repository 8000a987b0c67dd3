package io.seckill.mq.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker's Prometheus metrics. Meter names are defined here only; callers report events.
 *
 * <p>Thread-safe: meters are cached in concurrent maps and Micrometer meters are thread-safe.
 */
public final class BrokerMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter connectionsAccepted;
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private final Map<ApiKeys, Timer> latencyByApi = new ConcurrentHashMap<>();
    private final Map<ApiKeys, Map<Errors, Counter>> requestCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> invalidRequests = new ConcurrentHashMap<>();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public BrokerMetrics() {
        bytesIn = Counter.builder("mq.network.bytes.in").description("Bytes received from clients").baseUnit("bytes")
                .register(registry);
        bytesOut = Counter.builder("mq.network.bytes.out").description("Bytes sent to clients").baseUnit("bytes")
                .register(registry);
        connectionsAccepted = Counter.builder("mq.network.connections.accepted").register(registry);
        registry.gauge("mq.network.connections.open", connectionsOpen);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public void bytesIn(long bytes) {
        bytesIn.increment(bytes);
    }

    public void bytesOut(long bytes) {
        bytesOut.increment(bytes);
    }

    public void connectionOpened() {
        connectionsAccepted.increment();
        connectionsOpen.incrementAndGet();
    }

    public void connectionClosed() {
        connectionsOpen.decrementAndGet();
    }

    /** A frame that could not be parsed as a request (the connection is closed). */
    public void invalidRequest(String reason) {
        invalidRequests.computeIfAbsent(reason, r -> Counter.builder("mq.requests.invalid")
                .description("Frames rejected before a response could be formed; the connection was closed")
                .tag("reason", r).register(registry)).increment();
    }

    /** One answered request: its latency from arrival to response written, and its error codes. */
    public void requestCompleted(ApiKeys api, long latencyNanos, Map<Errors, Integer> errorCounts) {
        latencyByApi.computeIfAbsent(api, a -> Timer.builder("mq.request.latency")
                        .description("Time from request arrival to response hand-off to the socket")
                        .tag("api", a.name)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1).dividedBy(20))
                        .maximumExpectedValue(Duration.ofSeconds(60))
                        .register(registry))
                .record(latencyNanos, TimeUnit.NANOSECONDS);
        if (errorCounts.isEmpty()) {
            requestCounter(api, Errors.NONE).increment();
        }
        errorCounts.forEach((error, count) -> requestCounter(api, error).increment(count));
    }

    private Counter requestCounter(ApiKeys api, Errors error) {
        return requestCounters.computeIfAbsent(api, a -> new ConcurrentHashMap<>()).computeIfAbsent(error, e -> Counter.builder("mq.requests")
                .description("Requests by API; a request with per-partition errors counts once per error code")
                .tag("api", api.name).tag("error", error.name()).register(registry));
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
