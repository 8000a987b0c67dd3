package io.seckill.loadtest;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A one-line progress bar on stderr, redrawn five times a second on a terminal; elsewhere (a log, a test) one plain
 * line every five seconds, so that logs stay readable. Close it to print the final state and end the line.
 */
public final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;
    private static final boolean TERMINAL = isTerminal();

    private final String phase;
    private final long total;
    private final LongSupplier done;
    private final Supplier<String> status;
    private final PrintStream out = System.err;
    private final ScheduledExecutorService ticker;
    private final long startNanos = System.nanoTime();

    private ProgressBar(String phase, long total, LongSupplier done, Supplier<String> status) {
        this.phase = phase;
        this.total = total;
        this.done = done;
        this.status = status;
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("progress").factory());
        long periodMs = TERMINAL ? 200 : 5_000;
        ticker.scheduleAtFixedRate(this::draw, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** {@code total} ≤ 0 draws no bar, only the status (a phase of unknown length). */
    public static ProgressBar start(String phase, long total, LongSupplier done, Supplier<String> status) {
        return new ProgressBar(phase, total, done, status);
    }

    private synchronized void draw() {
        String line = render(phase, total, done.getAsLong(), (System.nanoTime() - startNanos) / 1e9, status.get());
        if (TERMINAL) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String render(String phase, long total, long done, double elapsedSeconds, String status) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", phase));
        if (total > 0) {
            double share = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(share * WIDTH);
            line.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append(']')
                    .append(String.format(Locale.ROOT, " %3.0f%% %,d/%,d", share * 100, done, total));
        }
        line.append(String.format(Locale.ROOT, " %5.1fs", elapsedSeconds));
        if (status != null && !status.isEmpty()) {
            line.append("  ").append(status);
        }
        return line.toString();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        draw();
        if (TERMINAL) {
            out.println();
        }
    }

    /** JDK 22+ tells whether the console is a terminal; on 21 a console exists only for one. */
    private static boolean isTerminal() {
        var console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) console.getClass().getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
