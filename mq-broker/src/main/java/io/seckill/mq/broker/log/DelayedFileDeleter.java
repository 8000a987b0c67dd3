package io.seckill.mq.broker.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs file deletions after a grace period (file.delete.delay.ms), so that zero-copy reads of a
 * deleted segment that are still being sent keep working until then. Every deletion runs exactly
 * once: when its delay has passed, or at {@link #runPendingNow} on shutdown. Thread-safe.
 */
final class DelayedFileDeleter {
    private static final Logger log = LoggerFactory.getLogger(DelayedFileDeleter.class);

    private final ScheduledExecutorService scheduler;
    private final Set<Runnable> pending = ConcurrentHashMap.newKeySet();

    DelayedFileDeleter(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    void schedule(Runnable deletion, long delayMs) {
        pending.add(deletion);
        try {
            scheduler.schedule(() -> runOnce(deletion), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            runOnce(deletion);
        }
    }

    /** Runs every deletion still waiting for its delay. */
    void runPendingNow() {
        for (Runnable deletion : Set.copyOf(pending)) {
            runOnce(deletion);
        }
    }

    private void runOnce(Runnable deletion) {
        if (pending.remove(deletion)) {
            try {
                deletion.run();
            } catch (RuntimeException e) {
                log.warn("deleting log files failed", e);
            }
        }
    }
}
