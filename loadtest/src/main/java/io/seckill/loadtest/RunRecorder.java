package io.seckill.loadtest;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The latencies and outcomes of a run: one HdrHistogram {@link Recorder} per outcome takes the requests' latencies
 * without locks; {@link #sample} (one sampler thread) swaps out the interval histograms, adds them to the totals and
 * appends a point of the timeline. Latencies are kept in microseconds, up to an hour.
 *
 * <p>Thread-safety: {@link #record} and {@link #countReason} from any thread; {@link #sample} and the readers of
 * totals and timeline are synchronized among themselves.
 */
public final class RunRecorder {

    static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final long startNanos;
    private final Map<Outcome, Recorder> recorders = new EnumMap<>(Outcome.class);
    private final Map<Outcome, LongAdder> liveCounts = new EnumMap<>(Outcome.class);
    private final AtomicLong lastCompleted = new AtomicLong();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final Queue<Long> acceptedAt = new ConcurrentLinkedQueue<>();
    private final Map<Outcome, Histogram> totals = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Histogram> interval = new EnumMap<>(Outcome.class);
    private final List<IntervalSample> timeline = new ArrayList<>();
    private long lastSampleNanos;

    /** Times in the timeline are seconds after {@code startNanos} (a {@link System#nanoTime()} reading). */
    public RunRecorder(long startNanos) {
        this.startNanos = startNanos;
        this.lastSampleNanos = startNanos;
        for (Outcome outcome : Outcome.values()) {
            recorders.put(outcome, new Recorder(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS));
            liveCounts.put(outcome, new LongAdder());
            totals.put(outcome, newHistogram());
        }
    }

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    }

    /** One request's outcome; its latency runs from the intended send time to its completion. */
    public void record(Outcome outcome, long intendedNanos, long completedNanos) {
        long micros = Math.min(HIGHEST_TRACKABLE_MICROS,
                Math.max(0, TimeUnit.NANOSECONDS.toMicros(completedNanos - intendedNanos)));
        recorders.get(outcome).recordValue(micros);
        liveCounts.get(outcome).increment();
        lastCompleted.accumulateAndGet(completedNanos - startNanos, Math::max);
        if (outcome == Outcome.ACCEPTED) {
            acceptedAt.add(completedNanos - startNanos);
        }
    }

    /**
     * How fast the stock sold: the first 99 % of the 202s over the time from the start to the last of them. The last
     * percent is left out so that a unit sold again much later (its order timed out) does not stretch the time.
     */
    public double acceptedPerSecond() {
        long[] times = acceptedAt.stream().mapToLong(Long::longValue).sorted().toArray();
        if (times.length == 0) {
            return 0;
        }
        int count = (int) Math.ceil(times.length * 0.99);
        double seconds = times[count - 1] / 1e9;
        return seconds > 0 ? count / seconds : 0;
    }

    /** Seconds from the start to the last completion of any request. */
    public double lastCompletedSeconds() {
        return lastCompleted.get() / 1e9;
    }

    /**
     * Why a request was not accepted, e.g. {@code 409 SOLD_OUT}, {@code 503 BUSY}, {@code no response
     * HttpTimeoutException}: the report lists these reasons with their counts.
     */
    public void countReason(String reason) {
        reasons.computeIfAbsent(reason, c -> new LongAdder()).increment();
    }

    /** Requests with this outcome so far, including those not yet sampled (for the progress bar). */
    public long liveCount(Outcome outcome) {
        return liveCounts.get(outcome).sum();
    }

    public long liveTotal() {
        long sum = 0;
        for (LongAdder adder : liveCounts.values()) {
            sum += adder.sum();
        }
        return sum;
    }

    /** Closes the interval ending at {@code nowNanos}: its counts and percentiles become a timeline point. */
    public synchronized IntervalSample sample(long nowNanos) {
        Histogram merged = newHistogram();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            Histogram recycled = interval.get(outcome);
            Histogram slice = recorders.get(outcome).getIntervalHistogram(recycled);
            interval.put(outcome, slice);
            totals.get(outcome).add(slice);
            merged.add(slice);
            counts.put(outcome.label(), slice.getTotalCount());
        }
        double at = (nowNanos - startNanos) / 1e9;
        double length = Math.max(1e-9, (nowNanos - lastSampleNanos) / 1e9);
        lastSampleNanos = nowNanos;
        IntervalSample point = new IntervalSample(at, length, counts, LatencySummary.millis(merged, 50),
                LatencySummary.millis(merged, 99), LatencySummary.millis(merged, 99.9),
                merged.getTotalCount() == 0 ? 0 : merged.getMaxValue() / 1000.0);
        timeline.add(point);
        return point;
    }

    /** Copies of the per-outcome totals of everything sampled so far. */
    public synchronized Map<Outcome, Histogram> totals() {
        Map<Outcome, Histogram> copies = new EnumMap<>(Outcome.class);
        totals.forEach((outcome, histogram) -> copies.put(outcome, histogram.copy()));
        return copies;
    }

    public synchronized List<IntervalSample> timeline() {
        return List.copyOf(timeline);
    }

    public Map<String, Long> reasons() {
        Map<String, Long> codes = new LinkedHashMap<>();
        reasons.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> codes.put(e.getKey(), e.getValue().sum()));
        return codes;
    }

    /**
     * One point of the timeline: the requests completed in the {@code lengthSeconds} before {@code atSeconds}, by
     * outcome label, and the percentiles of their latencies (all outcomes together) in milliseconds.
     */
    public record IntervalSample(double atSeconds, double lengthSeconds, Map<String, Long> counts, double p50Ms,
                                 double p99Ms, double p999Ms, double maxMs) {
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
