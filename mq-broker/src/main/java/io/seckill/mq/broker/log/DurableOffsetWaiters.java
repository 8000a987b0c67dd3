package io.seckill.mq.broker.log;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The futures of {@link PartitionLog#awaitDurable} calls, each waiting until the partition's
 * durable offset reaches its target. Thread-safety: guarded by this object's monitor, which is
 * never held while a future completes, so callbacks never run under it (nor under the partition
 * lock, which callers of {@link #completeUpTo} must not hold either).
 */
final class DurableOffsetWaiters {

    private record Waiter(long offset, CompletableFuture<Void> future) {
    }

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(
            (a, b) -> Long.compare(a.offset(), b.offset()));

    /**
     * A future completing once the durable offset reaches {@code offset}. The durable offset is read
     * again after queueing: an advance that raced with the queueing cannot strand the waiter,
     * because whoever advances it calls {@link #completeUpTo} after publishing the new value.
     */
    CompletableFuture<Void> await(long offset, LongSupplier durableOffset) {
        if (offset <= durableOffset.getAsLong()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (this) {
            waiters.add(new Waiter(offset, future));
        }
        long durable = durableOffset.getAsLong();
        if (offset <= durable) {
            completeUpTo(durable);
        }
        return future;
    }

    /** Completes every waiter whose offset is at most {@code durableOffset}. */
    void completeUpTo(long durableOffset) {
        for (Waiter waiter : takeUpTo(durableOffset)) {
            waiter.future().complete(null);
        }
    }

    /** Fails every waiter whose offset is above {@code offset} (all of them for Long.MIN_VALUE). */
    void failAbove(long offset, RuntimeException cause) {
        List<Waiter> failed = new ArrayList<>();
        synchronized (this) {
            waiters.removeIf(waiter -> {
                boolean above = waiter.offset() > offset;
                if (above) {
                    failed.add(waiter);
                }
                return above;
            });
        }
        failed.forEach(waiter -> waiter.future().completeExceptionally(cause));
    }

    private synchronized List<Waiter> takeUpTo(long durableOffset) {
        List<Waiter> ready = new ArrayList<>();
        while (!waiters.isEmpty() && waiters.peek().offset() <= durableOffset) {
            ready.add(waiters.poll());
        }
        return ready;
    }
}
