package io.seckill.loadtest;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The console summary of a run: rates, per-outcome latency percentiles, counts, follow-through, invariants. */
public final class ConsoleSummary {

    private ConsoleSummary() {
    }

    public static void print(RunSummary s, PrintStream out) {
        out.print(render(s));
        out.flush();
    }

    static String render(RunSummary s) {
        StringBuilder b = new StringBuilder();
        RunSummary.Load load = s.load();
        RunSummary.Meta meta = s.meta();
        b.append(f("%nactivity %s: stock %,d, perUserLimit %d; %s profile, %,d users, %d connections%n",
                meta.activityId(), meta.stock(), meta.perUserLimit(), meta.profile(), meta.users(), meta.connections()));
        b.append(f("machine: %d cores, load average %.2f before, %.2f after%n", meta.cores(),
                meta.loadAverageBefore(), meta.loadAverageAfter()));
        b.append(f("requests %,d in %.2f s: %,.0f req/s; accepted %,d at %,.0f/s%n", load.requests(),
                load.elapsedSeconds(), load.requestsPerSecond(), load.counts().get(Outcome.ACCEPTED.label()),
                load.acceptedPerSecond()));
        b.append(f("counts: 202 %,d · 409 %,d · 429 %,d · 5xx %,d · other %,d%n", load.counts().get("202"),
                load.counts().get("409"), load.counts().get("429"), load.counts().get("5xx"), load.counts().get("other")));
        b.append(f("%nlatency from the intended send time (ms)%n%-7s %9s %9s %9s %9s %9s %9s%n", "outcome", "count",
                "p50", "p95", "p99", "p99.9", "max"));
        for (Map.Entry<String, LatencySummary> e : load.latency().entrySet()) {
            LatencySummary l = e.getValue();
            b.append(f("%-7s %,9d %9.2f %9.2f %9.2f %9.2f %9.2f%n", e.getKey(), l.count(), l.p50Ms(), l.p95Ms(),
                    l.p99Ms(), l.p999Ms(), l.maxMs()));
        }
        if (!load.reasons().isEmpty()) {
            b.append("answers other than 202: ");
            load.reasons().forEach((reason, count) -> b.append(f("%s %,d; ", reason, count)));
            b.setLength(b.length() - 2);
            b.append(System.lineSeparator());
        }
        RunSummary.Follow fo = s.followThrough();
        b.append(f("%nfollow-through: %,d of %,d orders read back in %.1f s; paid %,d of %,d (not payable %d, "
                        + "failed %d) in %.1f s; waited %.1f s for payment timeouts (%s); quiet %s after %.1f s%n",
                fo.ordersFound(), fo.accepted(), fo.ordersSeconds(), fo.paid(), fo.payAttempted(), fo.notPayable(),
                fo.payFailed(), fo.paymentsSeconds(), fo.timeoutWaitSeconds(), meta.paymentTimeout(),
                fo.quiet() ? "reached" : "NOT reached", fo.quietSeconds()));
        b.append(f("final order statuses: %s%n%ninvariants%n", fo.finalStatuses()));
        for (Invariants.Result r : s.invariants()) {
            b.append(f("  %s  %-26s %s%n        %s%n", r.passed() ? "PASS" : "FAIL", r.id(), r.rule(), r.detail()));
        }
        long failed = s.invariants().stream().filter(r -> !r.passed()).count();
        b.append(failed == 0 ? f("%nALL %d INVARIANTS PASS%n", s.invariants().size())
                : f("%n%d OF %d INVARIANTS FAIL%n", failed, s.invariants().size()));
        return b.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
