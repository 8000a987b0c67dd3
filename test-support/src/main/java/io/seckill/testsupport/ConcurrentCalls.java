package io.seckill.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs many calls at once from a pool of platform threads, all released by one start gate so that they contend
 * for the same keys at the same moment instead of trickling in as the threads are created.
 */
public final class ConcurrentCalls {

    private ConcurrentCalls() {
    }

    /** Runs {@code call.apply(i)} for i in [0, calls) on {@code threads} threads; results in call order. */
    public static <T> List<T> run(int calls, int threads, IntFunction<T> call) {
        CountDownLatch startGate = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>(calls);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < calls; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    startGate.await();
                    return call.apply(index);
                }));
            }
            startGate.countDown();
            return collect(futures);
        }
    }

    private static <T> List<T> collect(List<Future<T>> futures) {
        List<T> results = new ArrayList<>(futures.size());
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the calls", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a concurrent call failed", e.getCause());
            }
        }
        return results;
    }
}
