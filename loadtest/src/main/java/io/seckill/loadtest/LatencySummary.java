package io.seckill.loadtest;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Count and percentiles (milliseconds) of one outcome's latencies, as printed and reported. */
public record LatencySummary(long count, double p50Ms, double p95Ms, double p99Ms, double p999Ms, double maxMs,
                             double meanMs) {

    /** Upper bounds (ms) of the latency histogram's buckets; a last, open bucket takes the rest. */
    public static final List<Double> BUCKET_BOUNDS_MS = List.of(0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0,
            500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0);

    /** The summary of a histogram of microseconds; all zeros when it is empty. */
    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(), millis(micros, 50), millis(micros, 95), millis(micros, 99),
                millis(micros, 99.9), micros.getMaxValue() / 1000.0, micros.getMean() / 1000.0);
    }

    /** The percentile of a histogram of microseconds, in milliseconds; 0 when it is empty. */
    static double millis(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * Counts per bucket of {@link #BUCKET_BOUNDS_MS} (plus the open last one) for each outcome label: a value goes to
     * the first bucket whose bound it does not exceed.
     */
    public static Map<String, List<Long>> buckets(Map<Outcome, Histogram> byOutcome) {
        Map<String, List<Long>> result = new LinkedHashMap<>();
        byOutcome.forEach((outcome, histogram) -> {
            long[] counts = new long[BUCKET_BOUNDS_MS.size() + 1];
            for (HistogramIterationValue value : histogram.recordedValues()) {
                double ms = histogram.lowestEquivalentValue(value.getValueIteratedTo()) / 1000.0;
                counts[bucketOf(ms)] += value.getCountAtValueIteratedTo();
            }
            List<Long> list = new ArrayList<>(counts.length);
            for (long count : counts) {
                list.add(count);
            }
            result.put(outcome.label(), list);
        });
        return result;
    }

    static int bucketOf(double ms) {
        for (int i = 0; i < BUCKET_BOUNDS_MS.size(); i++) {
            if (ms <= BUCKET_BOUNDS_MS.get(i)) {
                return i;
            }
        }
        return BUCKET_BOUNDS_MS.size();
    }
}
