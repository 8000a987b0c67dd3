package io.seckill.loadtest;

import java.util.List;
import java.util.Map;

/**
 * Everything a run found, as written to the JSON report and embedded in the HTML one. Times in seconds, latencies in
 * milliseconds, counts keyed by the outcome labels of {@link Outcome}.
 */
public record RunSummary(Meta meta, Load load, List<RunRecorder.IntervalSample> timeline, Histogram histogram,
                         Follow followThrough, PlatformFigures figures, List<Invariants.Result> invariants,
                         boolean passed) {

    /** How the run was set up, and how busy the machine was. */
    public record Meta(String startedAt, String gateway, String activityId, String profile, int users, long stock,
                       int perUserLimit, double ratePerSecond, double durationSeconds, int connections,
                       double payShare, String paymentTimeout, int cores, double loadAverageBefore,
                       double loadAverageAfter, String java) {
    }

    /**
     * The seckill phase: {@code requestsPerSecond} over the time to the last answer; {@code acceptedPerSecond} is how
     * fast the stock sold (the first 99 % of the 202s over the time to the last of them, see RunRecorder).
     */
    public record Load(long requests, double elapsedSeconds, double requestsPerSecond, double acceptedPerSecond,
                       Map<String, Long> counts, Map<String, LatencySummary> latency, Map<String, Long> reasons) {
    }

    /** Latency histogram: counts per bucket (upper bounds in ms; the last bucket is open) per outcome. */
    public record Histogram(List<Double> boundsMs, Map<String, List<Long>> counts) {
    }

    /** The follow-through: orders read back, payments, timeouts, quiet, final order statuses. */
    public record Follow(long accepted, long ordersFound, double ordersSeconds, int payAttempted, int paid,
                         int notPayable, int payFailed, double paymentsSeconds, double timeoutWaitSeconds,
                         boolean quiet, double quietSeconds, Map<String, Long> finalStatuses) {
    }
}
