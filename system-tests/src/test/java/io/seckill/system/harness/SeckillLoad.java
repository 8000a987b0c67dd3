package io.seckill.system.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of seckill attempts by ever new users from a fixed number of threads, kept up until
 * {@link #stop()}, so that a process can be killed while requests are in flight. Thread-safe.
 */
public final class SeckillLoad {

    /** Back-off after a failed connection, so that a dead service is not hammered in a busy loop. */
    private static final Duration BACK_OFF = Duration.ofMillis(50);

    private final Storefront storefront;
    private final String activityId;
    private final String userPrefix;
    private final ExecutorService pool;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

    private SeckillLoad(Storefront storefront, String activityId, String userPrefix, int threads) {
        this.storefront = storefront;
        this.activityId = activityId;
        this.userPrefix = userPrefix;
        this.pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(this::run);
        }
    }

    /** Starts {@code threads} users' worth of load on the sale. */
    public static SeckillLoad start(Storefront storefront, String activityId, String userPrefix, int threads) {
        return new SeckillLoad(storefront, activityId, userPrefix, threads);
    }

    /** Attempts answered 202 so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Stops the load, waits for the requests in flight and returns every attempt made. */
    public List<Attempt> stop() {
        running.set(false);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the load did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(attempts);
    }

    private void run() {
        while (running.get()) {
            Attempt attempt = storefront.attempt(activityId, userPrefix + "-" + users.incrementAndGet());
            attempts.add(attempt);
            if (attempt.accepted()) {
                accepted.incrementAndGet();
            } else if (attempt.status() == Attempt.NO_RESPONSE || attempt.status() == 503) {
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(BACK_OFF);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
