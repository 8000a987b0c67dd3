package io.seckill.system.harness;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Maps a list on a bounded pool of threads, results in input order; the first failure fails the whole call. */
public final class Parallel {

    private Parallel() {
    }

    public static <T, R> List<R> map(List<T> items, int threads, Function<T, R> call) {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<R>> futures = items.stream().map(item -> pool.submit(() -> call.apply(item))).toList();
            return futures.stream().map(Parallel::join).toList();
        }
    }

    private static <R> R join(Future<R> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a parallel call failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
