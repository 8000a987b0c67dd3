package io.seckill.loadtest;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RunRecorderTest {

    private static final long MS = 1_000_000;

    @Test
    void latencyCountsFromTheIntendedSendTimeNotFromWhenTheRequestLeft() {
        RunRecorder recorder = new RunRecorder(0);
        // Intended at 0, sent late at 900 ms because every connection was busy, answered at 1,000 ms.
        recorder.record(Outcome.ACCEPTED, 0, 1_000 * MS);
        recorder.sample(1_000 * MS);

        assertThat(LatencySummary.of(recorder.totals().get(Outcome.ACCEPTED)).maxMs()).isCloseTo(1_000, within(1.0));
    }

    @Test
    void percentilesPerOutcomeComeFromEverySampledInterval() {
        RunRecorder recorder = new RunRecorder(0);
        for (int i = 1; i <= 1_000; i++) {
            recorder.record(Outcome.CONFLICT, 0, i * MS / 10); // 0.1 ms … 100 ms
        }
        recorder.sample(500 * MS);
        recorder.record(Outcome.CONFLICT, 0, 2_000 * MS);
        recorder.sample(2_000 * MS);

        LatencySummary conflict = LatencySummary.of(recorder.totals().get(Outcome.CONFLICT));
        assertThat(conflict.count()).isEqualTo(1_001);
        // 1,001 values: the 501st and the 991st, within HdrHistogram's 3 significant digits.
        assertThat(conflict.p50Ms()).isCloseTo(50.1, within(0.05));
        assertThat(conflict.p99Ms()).isCloseTo(99.1, within(0.1));
        assertThat(conflict.maxMs()).isCloseTo(2_000, within(2.0));
        assertThat(LatencySummary.of(recorder.totals().get(Outcome.ACCEPTED)).count()).isZero();
    }

    @Test
    void timelinePointsHoldTheCountsAndPercentilesOfTheirIntervalOnly() {
        RunRecorder recorder = new RunRecorder(1_000 * MS);
        recorder.record(Outcome.ACCEPTED, 1_000 * MS, 1_010 * MS);
        recorder.record(Outcome.RATE_LIMITED, 1_000 * MS, 1_002 * MS);
        recorder.sample(1_100 * MS);
        recorder.record(Outcome.SERVER_ERROR, 1_000 * MS, 1_150 * MS);
        recorder.sample(1_200 * MS);

        List<RunRecorder.IntervalSample> timeline = recorder.timeline();
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(0).atSeconds()).isCloseTo(0.1, within(1e-9));
        assertThat(timeline.get(0).lengthSeconds()).isCloseTo(0.1, within(1e-9));
        assertThat(timeline.get(0).counts()).containsEntry("202", 1L).containsEntry("429", 1L)
                .containsEntry("5xx", 0L);
        assertThat(timeline.get(0).maxMs()).isCloseTo(10, within(0.1));
        assertThat(timeline.get(1).counts()).containsEntry("5xx", 1L).containsEntry("202", 0L);
        assertThat(timeline.get(1).p50Ms()).isCloseTo(150, within(0.2));
        assertThat(timeline.get(1).total()).isEqualTo(1);
    }

    @Test
    void liveCountsAndTheLastCompletionAreKnownBeforeSampling() {
        RunRecorder recorder = new RunRecorder(0);
        recorder.record(Outcome.ACCEPTED, 0, 300 * MS);
        recorder.record(Outcome.CONFLICT, 0, 900 * MS);

        assertThat(recorder.liveTotal()).isEqualTo(2);
        assertThat(recorder.liveCount(Outcome.ACCEPTED)).isEqualTo(1);
        assertThat(recorder.lastCompletedSeconds()).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void acceptedRateIsHowFastTheStockSoldNotStretchedByALateResale() {
        RunRecorder recorder = new RunRecorder(0);
        for (int i = 1; i <= 200; i++) {
            recorder.record(Outcome.ACCEPTED, 0, i * 5 * MS); // 200 units sold in one second
        }
        recorder.record(Outcome.ACCEPTED, 0, 30_000 * MS);   // one unit sold again after its order timed out

        // 99 % of 201 = the first 199, sold within 0.995 s
        assertThat(recorder.acceptedPerSecond()).isCloseTo(199 / 0.995, within(0.01));
        assertThat(new RunRecorder(0).acceptedPerSecond()).isZero();
    }

    @Test
    void histogramBucketsSplitByOutcomeWithAnOpenLastBucket() {
        Histogram accepted = RunRecorder.newHistogram();
        accepted.recordValue(400);        // 0.4 ms → ≤ 0.5
        accepted.recordValue(500);        // 0.5 ms → ≤ 0.5 (bounds are inclusive)
        accepted.recordValue(3_000);      // 3 ms → ≤ 5
        Histogram busy = RunRecorder.newHistogram();
        busy.recordValue(60_000_000);     // 60 s → open bucket

        Map<String, List<Long>> buckets = LatencySummary.buckets(Map.of(Outcome.ACCEPTED, accepted,
                Outcome.SERVER_ERROR, busy));

        int size = LatencySummary.BUCKET_BOUNDS_MS.size() + 1;
        assertThat(buckets.get("202")).hasSize(size);
        assertThat(buckets.get("202").get(0)).isEqualTo(2);
        assertThat(buckets.get("202").get(LatencySummary.bucketOf(3.0))).isEqualTo(1);
        assertThat(buckets.get("5xx").get(size - 1)).isEqualTo(1);
        assertThat(buckets.get("202").stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    }

    @Test
    void reasonsAreCountedAndSorted() {
        RunRecorder recorder = new RunRecorder(0);
        recorder.countReason("409 SOLD_OUT");
        recorder.countReason("409 SOLD_OUT");
        recorder.countReason("409 ALREADY_PURCHASED");

        assertThat(recorder.reasons()).containsExactly(Map.entry("409 ALREADY_PURCHASED", 1L),
                Map.entry("409 SOLD_OUT", 2L));
    }

    @Test
    void outcomesFollowTheStatusCodes() {
        assertThat(Outcome.of(202)).isEqualTo(Outcome.ACCEPTED);
        assertThat(Outcome.of(409)).isEqualTo(Outcome.CONFLICT);
        assertThat(Outcome.of(429)).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(Outcome.of(503)).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(Outcome.of(500)).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(Outcome.of(404)).isEqualTo(Outcome.OTHER);
        assertThat(Outcome.of(Outcome.NO_RESPONSE)).isEqualTo(Outcome.OTHER);
    }
}
