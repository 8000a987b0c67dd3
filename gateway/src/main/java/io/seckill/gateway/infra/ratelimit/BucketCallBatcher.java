package io.seckill.gateway.infra.ratelimit;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.seckill.gateway.domain.BucketCheck;
import io.seckill.gateway.domain.RateDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Sends the bucket checks of concurrent requests to Redis together, the way a log group-commits its fsyncs: one call
 * of {@code token_buckets.lua} is in flight at a time, and the checks that arrive meanwhile leave together as the
 * next call, at most {@code maxChecksPerCall} of them. An idle gateway therefore sends each request's checks at once
 * (no waiting for a batch to fill), and a busy one pays one Redis round trip per batch instead of one per bucket.
 *
 * <p>A request's checks always travel in one call, in order, so the script can skip a request's activity bucket once
 * its user bucket refused. A request whose caller gave up (cancelled) before its batch left is not sent, so it takes
 * no token. A request waits at most {@code decisionTimeout}: the script call must end within half of it (the Redis
 * client's command timeout, see {@link ScriptCall}), and a request still queued after the other half (calls were
 * full) fails without being sent. A failed call fails every request in it (the limiter then decides locally) and
 * frees the way for the next call. A call that has not ended after the whole {@code decisionTimeout} (a broken
 * promise of the script call, never expected) is given up the same way, so nothing hangs; that backstop is one
 * timer per call on a hashed wheel, not a Reactor {@code timeout} per request, which would schedule and cancel a
 * task on a shared executor for every seckill.
 *
 * <p>Thread-safe and lock-free: any thread may submit; whichever thread finds no call in flight sends the next one.
 */
final class BucketCallBatcher {

    private static final Logger log = LoggerFactory.getLogger(BucketCallBatcher.class);

    /**
     * Runs the script on the given keys and arguments, answering its flat reply; it ends (answers or fails) within
     * half the batcher's {@code decisionTimeout}.
     */
    interface ScriptCall extends BiFunction<List<String>, List<String>, Mono<List<Long>>> {
    }

    private final Queue<PendingChecks> queue = new ConcurrentLinkedQueue<>();
    // The call in flight, or null. Only compareAndSet replaces it, so a late end of a given-up call frees nothing.
    private final AtomicReference<InFlightCall> inFlight = new AtomicReference<>();
    private final Timer backstop;
    private final ScriptCall script;
    private final int maxChecksPerCall;
    private final Duration queueTimeout;
    private final Duration decisionTimeout;
    private final IntConsumer callSizes;
    private final LongSupplier nanoClock;

    BucketCallBatcher(ScriptCall script, int maxChecksPerCall, Duration decisionTimeout, Timer backstop,
                      IntConsumer callSizes) {
        this(script, maxChecksPerCall, decisionTimeout, backstop, callSizes, System::nanoTime);
    }

    /**
     * @param backstop  the timer that gives up calls still running after {@code decisionTimeout}
     * @param callSizes told the number of checks of every call sent
     */
    BucketCallBatcher(ScriptCall script, int maxChecksPerCall, Duration decisionTimeout, Timer backstop,
                      IntConsumer callSizes, LongSupplier nanoClock) {
        if (maxChecksPerCall < 1) {
            throw new IllegalArgumentException("maxChecksPerCall must be at least 1: " + maxChecksPerCall);
        }
        if (decisionTimeout.toNanos() < 2) {
            throw new IllegalArgumentException("decisionTimeout must be positive: " + decisionTimeout);
        }
        this.script = script;
        this.maxChecksPerCall = maxChecksPerCall;
        this.queueTimeout = decisionTimeout.dividedBy(2);
        this.decisionTimeout = decisionTimeout;
        this.backstop = backstop;
        this.callSizes = callSizes;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes a token from each of {@code checks}' buckets in order, stopping at the first refusal: the decisions of
     * the checks that ran, the last of them the refusal if there was one.
     */
    Mono<List<RateDecision>> submit(List<BucketCheck> checks) {
        if (checks.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.create(sink -> {
            PendingChecks pending = new PendingChecks(List.copyOf(checks), sink, nanoClock.getAsLong());
            sink.onCancel(pending::cancel);
            queue.add(pending);
            sendIfIdle();
        });
    }

    /**
     * Sends the queued checks unless a call is in flight. Correct without a lock: a submitter queues before it looks
     * at the flag, and a finished call clears the flag before it looks at the queue, so one of the two sends.
     */
    private void sendIfIdle() {
        while (!queue.isEmpty()) {
            if (inFlight.get() != null) {
                return;
            }
            InFlightCall call = new InFlightCall();
            if (!inFlight.compareAndSet(null, call)) {
                return;
            }
            List<PendingChecks> batch = nextBatch();
            if (!batch.isEmpty()) {
                send(call, batch);
                return;
            }
            inFlight.compareAndSet(call, null);
        }
    }

    /** Only the holder of {@link #inFlight} polls, so peeking before polling is safe. */
    private List<PendingChecks> nextBatch() {
        List<PendingChecks> batch = new ArrayList<>();
        int checks = 0;
        long queuedSince = nanoClock.getAsLong() - queueTimeout.toNanos();
        for (PendingChecks next = queue.peek(); next != null; next = queue.peek()) {
            if (next.isCancelled()) {
                queue.poll();
                continue;
            }
            if (next.enqueuedNanos - queuedSince < 0) {
                queue.poll();
                next.fail(new TimeoutException("queued longer than " + queueTimeout.toMillis() + " ms for Redis"));
                continue;
            }
            if (!batch.isEmpty() && checks + next.checks.size() > maxChecksPerCall) {
                break;
            }
            queue.poll();
            batch.add(next);
            checks += next.checks.size();
        }
        return batch;
    }

    private void send(InFlightCall call, List<PendingChecks> batch) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (PendingChecks pending : batch) {
            for (int i = 0; i < pending.checks.size(); i++) {
                BucketCheck check = pending.checks.get(i);
                keys.add(check.key());
                args.add(Double.toString(check.limit().ratePerSecond()));
                args.add(Integer.toString(check.limit().burst()));
                args.add(i == 0 ? "0" : "1");
            }
        }
        callSizes.accept(keys.size());
        Mono<List<Long>> reply;
        try {
            reply = script.apply(keys, args);
        } catch (RuntimeException e) {
            finished(call);
            fail(batch, e);
            return;
        }
        call.giveUpAfter = backstop.newTimeout(expired -> {
            if (finished(call)) {
                fail(batch, new TimeoutException("no answer from Redis within " + decisionTimeout.toMillis() + " ms"));
            }
        }, decisionTimeout.toNanos(), TimeUnit.NANOSECONDS);
        reply.switchIfEmpty(Mono.error(() -> new IllegalStateException("the token bucket script answered nothing")))
                .subscribe(numbers -> {
                    // Free the way first: the next batch is in flight while this one's requests continue.
                    if (finished(call)) {
                        answer(batch, numbers, keys.size());
                    }
                }, failure -> {
                    if (finished(call)) {
                        fail(batch, failure);
                    }
                });
    }

    /** Ends {@code call} unless it already ended (answered, failed or given up), then sends what queued meanwhile. */
    private boolean finished(InFlightCall call) {
        if (!inFlight.compareAndSet(call, null)) {
            return false;
        }
        Timeout giveUp = call.giveUpAfter;
        if (giveUp != null) {
            giveUp.cancel();
        }
        sendIfIdle();
        return true;
    }

    private static void answer(List<PendingChecks> batch, List<Long> reply, int checks) {
        if (reply.size() != 3 * checks) {
            fail(batch, new IllegalStateException(
                    "token bucket script answered " + reply.size() + " numbers for " + checks + " checks"));
            return;
        }
        int offset = 0;
        for (PendingChecks pending : batch) {
            List<RateDecision> decisions = new ArrayList<>(pending.checks.size());
            for (int i = 0; i < pending.checks.size(); i++) {
                int at = 3 * (offset + i);
                long allowed = reply.get(at);
                if (allowed < 0) {
                    break;
                }
                decisions.add(new RateDecision(allowed == 1, reply.get(at + 1), Duration.ofMillis(reply.get(at + 2)),
                        pending.checks.get(i).limit()));
                if (allowed == 0) {
                    break;
                }
            }
            offset += pending.checks.size();
            pending.complete(decisions);
        }
    }

    private static void fail(List<PendingChecks> batch, Throwable failure) {
        for (PendingChecks pending : batch) {
            pending.fail(failure);
        }
    }

    /** The call in flight; identity matters, it carries nothing but its backstop. */
    private static final class InFlightCall {
        volatile Timeout giveUpAfter;
    }

    /** One request's checks waiting for their call; completed exactly once (a sink ignores later signals). */
    private static final class PendingChecks {

        final List<BucketCheck> checks;
        final long enqueuedNanos;
        private final MonoSink<List<RateDecision>> sink;
        private volatile boolean cancelled;

        PendingChecks(List<BucketCheck> checks, MonoSink<List<RateDecision>> sink, long enqueuedNanos) {
            this.checks = checks;
            this.sink = sink;
            this.enqueuedNanos = enqueuedNanos;
        }

        void cancel() {
            cancelled = true;
        }

        boolean isCancelled() {
            return cancelled;
        }

        // The request continues inside success(): one request's failure must not keep the rest of the batch waiting.
        void complete(List<RateDecision> decisions) {
            try {
                sink.success(decisions);
            } catch (RuntimeException e) {
                log.error("a request failed while continuing after its rate limit decision", e);
            }
        }

        void fail(Throwable failure) {
            try {
                sink.error(failure);
            } catch (RuntimeException e) {
                log.error("a request failed while handling a rate limiter failure", e);
            }
        }
    }
}
