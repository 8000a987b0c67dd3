package io.seckill.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static final long MS = 1_000_000;

    static RunSummary sampleSummary(String activityId) {
        RunRecorder recorder = new RunRecorder(0);
        recorder.record(Outcome.ACCEPTED, 0, 5 * MS);
        recorder.record(Outcome.CONFLICT, 0, 2 * MS);
        recorder.record(Outcome.RATE_LIMITED, 0, 1 * MS);
        recorder.countReason("409 SOLD_OUT");
        recorder.sample(100 * MS);
        PlatformFigures figures = new PlatformFigures(1, 0, 0L, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0,
                List.of(new PlatformFigures.PaymentOfOrder("o1", "SUCCEEDED", 1, 0)), List.of(),
                new BrokerFigures(true, null, Map.of("order-service/seckill.reserved", 0L), true, 0, 0, 0));
        List<Invariants.Result> verdicts = Invariants.evaluate(figures);
        RunSummary.Meta meta = new RunSummary.Meta("2026-11-25T00:00:00Z", "http://localhost:8080", activityId,
                "burst", 3, 1, 1, 0, 0, 8, 0.5, "PT20S", 2, 1.0, 1.5, "25");
        RunSummary.Follow follow = new RunSummary.Follow(1, 1, 0.2, 1, 1, 0, 0, 0.3, 0, true, 1.0,
                Map.of("PAID", 1L));
        return new RunSummary(meta, SeckillLoadTest.load(recorder), recorder.timeline(),
                SeckillLoadTest.histogram(recorder), follow, figures, verdicts, Invariants.allPassed(verdicts));
    }

    @Test
    void jsonCarriesRatesCountsPercentilesTimelineHistogramAndVerdicts() {
        JsonNode json = JsonMapper.builder().build().readTree(ReportWriter.toJson(sampleSummary("a1")));

        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("load").path("requests").asLong()).isEqualTo(3);
        assertThat(json.path("load").path("counts").path("202").asLong()).isEqualTo(1);
        assertThat(json.path("load").path("latency").path("202").path("p99Ms").asDouble()).isBetween(4.9, 5.1);
        assertThat(json.path("load").path("latency").path("all").path("count").asLong()).isEqualTo(3);
        assertThat(json.path("load").path("reasons").path("409 SOLD_OUT").asLong()).isEqualTo(1);
        assertThat(json.path("timeline")).hasSize(1);
        assertThat(json.path("timeline").get(0).path("counts").path("429").asLong()).isEqualTo(1);
        assertThat(json.path("histogram").path("boundsMs")).hasSize(LatencySummary.BUCKET_BOUNDS_MS.size());
        assertThat(json.path("invariants")).hasSize(8);
        assertThat(json.path("invariants").get(0).path("id").asString()).isEqualTo("stock-conserved");
        assertThat(json.path("figures").path("redisRemaining").asLong()).isZero();
    }

    @Test
    void htmlEmbedsTheSameJsonAndFetchesNothing(@TempDir Path dir) throws Exception {
        ReportWriter.Written written = ReportWriter.write(sampleSummary("a1"), dir.resolve("run.html"));

        assertThat(written.json()).isEqualTo(dir.resolve("run.json"));
        String html = Files.readString(written.html());
        assertThat(html).doesNotContain(ReportWriter.PLACEHOLDER).contains("\"activityId\" : \"a1\"")
                .doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("@import");
        assertThat(Files.readString(written.json())).contains("\"activityId\" : \"a1\"");
    }

    @Test
    void noValueCanCloseTheEmbeddingScript() {
        String html = ReportWriter.toHtml(ReportWriter.toJson(sampleSummary("</script><script>alert(1)")));

        String embedded = html.substring(html.indexOf("id=\"summary\">"), html.indexOf("</script>"));
        assertThat(embedded).contains("\\u003c/script>\\u003cscript>alert(1)");
    }

    @Test
    void consoleSummaryShowsRatesPercentilesCountsAndEachVerdict() {
        String text = ConsoleSummary.render(sampleSummary("a1"));

        assertThat(text).contains("req/s").contains("accepted 1 at")
                .contains("counts: 202 1 · 409 1 · 429 1 · 5xx 0 · other 0")
                .contains("p50").contains("p99.9").contains("PASS  stock-conserved")
                .contains("ALL 8 INVARIANTS PASS");
    }

    @Test
    void jsonGoesNextToTheHtml() {
        assertThat(ReportWriter.jsonPathOf(Path.of("out/r.html"))).isEqualTo(Path.of("out/r.json"));
        assertThat(ReportWriter.jsonPathOf(Path.of("r"))).isEqualTo(Path.of("r.json"));
    }
}
