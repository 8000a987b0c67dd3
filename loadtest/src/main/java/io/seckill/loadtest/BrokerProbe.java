package io.seckill.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads mq-broker's Prometheus endpoint ({@code <broker admin>/metrics}) into {@link BrokerFigures}. Thread-safe. */
public final class BrokerProbe {

    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public BrokerProbe(URI brokerAdmin) {
        this.metrics = brokerAdmin.resolve("/metrics");
    }

    /** One scrape; {@code before} is the scrape taken before the run, or null for that first one. Never throws. */
    public BrokerFigures read(BrokerFigures before) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return BrokerFigures.unreachable(metrics + " answered " + response.statusCode());
            }
            return BrokerFigures.from(PrometheusText.parse(response.body()), before);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BrokerFigures.unreachable("interrupted");
        } catch (Exception e) {
            return BrokerFigures.unreachable(metrics + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    public URI metrics() {
        return metrics;
    }
}
