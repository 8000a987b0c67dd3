package io.seckill.deploy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The provisioned Grafana dashboard (deploy/grafana/dashboards/seckill.json): its panels and their PromQL queries. */
record Dashboard(JsonNode json) {

    static final String FILE = "deploy/grafana/dashboards/seckill.json";

    /** Names every Prometheus server has without any exporter (the scrape health of each target). */
    static final Set<String> PROMETHEUS_BUILTINS = Set.of("up");

    static Dashboard load() {
        return parse(Repo.read(FILE));
    }

    static Dashboard parse(String text) {
        return new Dashboard(JsonMapper.builder().build().readTree(text));
    }

    /** Every panel, including those nested in collapsed rows. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                panels.add(nested);
            }
        }
        return panels;
    }

    /** Each non-row panel's title with the PromQL expressions of its targets. */
    Map<String, List<String>> queriesByPanel() {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels()) {
            if (!"row".equals(panel.path("type").asString())) {
                List<String> expressions = new ArrayList<>();
                panel.path("targets").forEach(target -> expressions.add(target.path("expr").asString()));
                queries.put(panel.path("title").asString(), expressions);
            }
        }
        return queries;
    }

    /** Per panel, the metric names its queries read that {@code known} lacks; empty when every name is known. */
    Map<String, Set<String>> unknownMetrics(Set<String> known) {
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        queriesByPanel().forEach((title, expressions) -> {
            Set<String> missing = new TreeSet<>();
            expressions.forEach(expression -> MeterNames.inPromQl(expression).stream()
                    .filter(name -> !known.contains(name) && !PROMETHEUS_BUILTINS.contains(name))
                    .forEach(missing::add));
            if (!missing.isEmpty()) {
                unknown.put(title, missing);
            }
        });
        return unknown;
    }
}
