package io.seckill.mq.broker.protocol;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.seckill.mq.broker.log.HighWatermarkListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.requests.AbstractResponse;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Long-polling fetches (maxWaitMs / minBytes): a fetch that found too few bytes waits here until a
 * watched partition's high watermark advances far enough, or its wait runs out.
 *
 * <p>Thread-safety: watchers live in concurrent sets; a fetch is completed exactly once (CAS), by
 * whichever of the advancing thread or the timer gets there first.
 */
final class FetchPurgatory implements HighWatermarkListener, AutoCloseable {

    /**
     * One evaluation of a fetch: the response as of now, whether it is good enough to send, and
     * what to record once it is the one sent (a fetch session's view of what its client was told).
     */
    record Attempt(AbstractResponse response, boolean satisfied, Runnable onSent) {
        /** Records that this attempt is the response; returns it. */
        AbstractResponse send() {
            onSent.run();
            return response;
        }
    }

    private final Map<TopicPartition, Set<DelayedFetch>> watchers = new ConcurrentHashMap<>();
    private final HashedWheelTimer timer = new HashedWheelTimer(r -> {
        Thread thread = new Thread(r, "fetch-purgatory-timer");
        thread.setDaemon(true);
        return thread;
    }, 5, TimeUnit.MILLISECONDS);

    /** Parks a fetch; {@code attempt} is re-run on every relevant advance and once more on timeout. */
    CompletableFuture<Attempt> await(Collection<TopicPartition> partitions, long maxWaitMs,
                                     Supplier<Attempt> attempt) {
        DelayedFetch fetch = new DelayedFetch(Set.copyOf(partitions), attempt);
        for (TopicPartition tp : fetch.partitions) {
            watchers.computeIfAbsent(tp, key -> ConcurrentHashMap.newKeySet()).add(fetch);
        }
        fetch.timeout = timer.newTimeout(ignored -> fetch.complete(attempt.get()), maxWaitMs,
                TimeUnit.MILLISECONDS);
        // Data may have arrived between the caller's first read and the registration above.
        fetch.tryComplete();
        return fetch.future;
    }

    @Override
    public void onHighWatermarkAdvanced(TopicPartition tp, long highWatermark) {
        Set<DelayedFetch> waiting = watchers.get(tp);
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        for (DelayedFetch fetch : waiting) {
            fetch.tryComplete();
        }
    }

    int waitingCount() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void close() {
        timer.stop().forEach(timeout -> {
            try {
                timeout.task().run(timeout);
            } catch (Exception ignored) {
                // completing with the current data is best effort during shutdown
            }
        });
    }

    private final class DelayedFetch {
        private final Set<TopicPartition> partitions;
        private final Supplier<Attempt> attempt;
        private final CompletableFuture<Attempt> future = new CompletableFuture<>();
        private final AtomicBoolean completed = new AtomicBoolean();
        private volatile Timeout timeout;

        DelayedFetch(Set<TopicPartition> partitions, Supplier<Attempt> attempt) {
            this.partitions = partitions;
            this.attempt = attempt;
        }

        void tryComplete() {
            if (completed.get()) {
                return;
            }
            Attempt now = attempt.get();
            if (now.satisfied()) {
                complete(now);
            }
        }

        void complete(Attempt response) {
            if (!completed.compareAndSet(false, true)) {
                return;
            }
            for (TopicPartition tp : partitions) {
                Set<DelayedFetch> set = watchers.get(tp);
                if (set != null) {
                    set.remove(this);
                }
            }
            Timeout t = timeout;
            if (t != null) {
                t.cancel();
            }
            future.complete(response);
        }
    }
}
