package io.seckill.mq.broker.log;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How far one partition log is durable, and who waits for more. Invariant: the durable position
 * only moves forward, except that a truncation pulls it back to the new log end; a flush that
 * began before a truncation is then discarded (it recorded the truncation count when it began).
 *
 * <p>Thread-safety: reads are lock-free (volatile fields); {@link #advance}, {@link #truncated}
 * and {@link #flushedTo} run under the owning partition's lock; waiters are completed by
 * {@link #completeWaiters}, which callers must not call under that lock.
 */
final class FlushProgress {
    private final DurableOffsetWaiters waiters = new DurableOffsetWaiters();
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile LogPosition durable;
    private volatile long truncations;
    private volatile long lastFlushMs;

    FlushProgress(LogPosition durable, long nowMs) {
        this.durable = durable;
        this.lastFlushMs = nowMs;
    }

    LogPosition durable() {
        return durable;
    }

    long truncations() {
        return truncations;
    }

    CompletableFuture<Void> await(long offset) {
        return waiters.await(offset, () -> durable.offset());
    }

    /** True for the first request since the last flush began: the caller hands the log to the flusher. */
    boolean request() {
        return requested.compareAndSet(false, true);
    }

    /** A flush begins: appends from now on need a new request. */
    void clearRequest() {
        requested.set(false);
    }

    /** Publishes {@code end} as durable unless a truncation overtook the flush. Returns whether it advanced. */
    boolean advance(LogPosition end, long truncationsAtBegin, long logEndOffset, long nowMs) {
        lastFlushMs = nowMs;
        if (truncationsAtBegin != truncations || end.offset() <= durable.offset() || end.offset() > logEndOffset) {
            return false;
        }
        durable = end;
        return true;
    }

    /** After a synchronous flush of the whole log under the partition lock. */
    void flushedTo(LogPosition logEnd) {
        durable = logEnd;
    }

    /** After a truncation to {@code logEnd}: flushes in progress no longer count. */
    void truncated(LogPosition logEnd) {
        if (durable.offset() > logEnd.offset()) {
            durable = logEnd;
        }
        truncations++;
    }

    /** Whether data above the durable position is older than {@code intervalMs}. */
    boolean isDue(LogPosition logEnd, long intervalMs, long nowMs) {
        return logEnd != durable && nowMs - lastFlushMs >= intervalMs;
    }

    void completeWaiters() {
        waiters.completeUpTo(durable.offset());
    }

    /** Fails every waiter for an offset above {@code offset}. */
    void failWaitersAbove(long offset, RuntimeException cause) {
        waiters.failAbove(offset, cause);
    }
}
