package io.seckill.deploy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned Grafana dashboard loads: valid JSON of a schema version Grafana 11 reads, unique panel ids,
 * every query on the provisioned Prometheus datasource and its jobs, the panels issue 8 asks for, and every
 * platform metric it names built by the code. {@link DashboardMetricsIT} checks every name against running services.
 */
class DashboardTest {

    /** The project's own metric prefixes: names with them must come from a Micrometer builder in some module. */
    private static final Pattern PLATFORM_METRIC = Pattern.compile("^(seckill|mq|inventory|order|payment)_.*");
    private static final List<String> CODE_MODULES = List.of("inventory-service", "order-service", "payment-service",
            "gateway", "mq-broker", "mq-client");
    private static final Pattern JOB = Pattern.compile("job=\"([^\"]+)\"");

    private final Dashboard dashboard = Dashboard.load();

    @Test
    void dashboardIsGrafanaJsonWithUniquePanelIds() {
        assertThat(dashboard.json().path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.json().path("uid").asString()).isNotBlank();
        List<Integer> ids = dashboard.panels().stream().map(panel -> panel.path("id").asInt()).toList();
        assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
    }

    @Test
    void everyQueryUsesTheProvisionedPrometheusAndItsJobs() {
        String datasourceUid = Tree.string(Tree.list(Repo.yaml("deploy/grafana/provisioning/datasources/prometheus.yml"),
                "datasources").getFirst(), "uid");
        Set<String> jobs = Tree.list(Repo.yaml("deploy/prometheus/prometheus.yml"), "scrape_configs").stream()
                .map(job -> Tree.string(job, "job_name")).collect(Collectors.toSet());

        for (JsonNode panel : dashboard.panels()) {
            if ("row".equals(panel.path("type").asString())) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString()).isEqualTo(datasourceUid);
            assertThat(panel.path("targets").isEmpty()).as("%s has no query", panel.path("title").asString()).isFalse();
            for (JsonNode target : panel.path("targets")) {
                String expression = target.path("expr").asString();
                assertThat(expression).as(panel.path("title").asString()).isNotBlank();
                Matcher job = JOB.matcher(expression);
                while (job.find()) {
                    assertThat(jobs).as("job of %s", panel.path("title").asString()).contains(job.group(1));
                }
            }
        }
    }

    @Test
    void dashboardHasThePanelsTheIssueAsksFor() {
        Set<String> queried = queriedMetrics();

        assertThat(queried).as("seckill outcomes, limiter, reservation latency, broker bytes, lag, breaker states")
                .contains("http_server_requests_seconds_count", "seckill_gateway_ratelimit_decisions_total",
                        "http_server_requests_seconds_bucket", "mq_network_bytes_in_bytes_total",
                        "mq_network_bytes_out_bytes_total", "mq_consumer_lag", "resilience4j_circuitbreaker_state");
    }

    @Test
    void everyPlatformMetricOfTheDashboardIsBuiltByTheCode() {
        Set<String> registered = new HashSet<>();
        CODE_MODULES.forEach(module -> registered.addAll(MeterNames.registeredBy(module)));

        assertThat(unbuiltPlatformMetrics(dashboard, registered)).isEmpty();
    }

    @Test
    void aPlatformMetricNoCodeBuildsIsReported() {
        Dashboard renamed = Dashboard.parse(Repo.read(Dashboard.FILE).replace("mq_consumer_lag", "mq_consumer_delay"));
        Set<String> registered = new HashSet<>();
        CODE_MODULES.forEach(module -> registered.addAll(MeterNames.registeredBy(module)));

        assertThat(unbuiltPlatformMetrics(renamed, registered)).containsExactly("mq_consumer_delay");
    }

    private static Set<String> unbuiltPlatformMetrics(Dashboard dashboard, Set<String> registered) {
        Set<String> unbuilt = new TreeSet<>();
        for (List<String> expressions : dashboard.queriesByPanel().values()) {
            expressions.forEach(expression -> MeterNames.inPromQl(expression).stream()
                    .filter(name -> PLATFORM_METRIC.matcher(name).matches() && !registered.contains(name))
                    .forEach(unbuilt::add));
        }
        return unbuilt;
    }

    private Set<String> queriedMetrics() {
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, List<String>> panel : dashboard.queriesByPanel().entrySet()) {
            panel.getValue().forEach(expression -> names.addAll(MeterNames.inPromQl(expression)));
        }
        return names;
    }
}
