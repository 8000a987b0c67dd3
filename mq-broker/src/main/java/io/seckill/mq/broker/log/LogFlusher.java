package io.seckill.mq.broker.log;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread that makes appended data durable, by group commit: appends to SYNC partitions
 * mark them dirty; each round takes every dirty partition, records its log end, fsyncs the
 * segments holding unflushed bytes (sealing rolled ones), then advances each partition's durable
 * offset, which completes its {@code awaitDurable} futures and moves its high watermark. Appends
 * arriving during a round's fsyncs are covered together by the next round. ASYNC partitions are
 * flushed once their flush interval has passed.
 *
 * <p>The fsyncs of one round run in parallel on {@value #FSYNC_THREADS} worker threads, because
 * fsyncs of different files overlap at the device (measured here: six sequential fdatasyncs take
 * 10-20 ms, six parallel ones 2-4 ms). A partition is in at most one round at a time.
 *
 * <p>Thread-safety: {@link #requestFlush} may be called from any thread; the dirty set and the
 * running flag are guarded by {@code lock}, never held during I/O. No thread doing I/O is ever
 * interrupted (an interrupt would close the segment channel being forced).
 */
final class LogFlusher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogFlusher.class);
    /** Upper bound of an idle wait, so ASYNC intervals are noticed even when nobody signals. */
    private static final long MAX_IDLE_WAIT_MS = 100;
    private static final int FSYNC_THREADS = 8;

    private final Time time;
    private final Thread thread;
    private final ExecutorService fsyncWorkers;
    private final Set<PartitionLog> partitions = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private Set<PartitionLog> dirty = new LinkedHashSet<>();
    private boolean running = true;

    LogFlusher(Time time) {
        this.time = time;
        this.thread = new Thread(this::run, "log-flusher");
        this.thread.setDaemon(true);
        AtomicInteger workerCount = new AtomicInteger();
        this.fsyncWorkers = Executors.newFixedThreadPool(FSYNC_THREADS, runnable -> {
            Thread worker = new Thread(runnable, "log-fsync-" + workerCount.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
    }

    void start() {
        thread.start();
    }

    /** Includes the partition in the ASYNC interval checks. */
    void register(PartitionLog partition) {
        partitions.add(partition);
    }

    void unregister(PartitionLog partition) {
        partitions.remove(partition);
    }

    /** Asks for the partition to be flushed in the next round. */
    void requestFlush(PartitionLog partition) {
        lock.lock();
        try {
            if (dirty.add(partition)) {
                workArrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread after its current round; the caller flushes what is left. */
    @Override
    public void close() {
        lock.lock();
        try {
            running = false;
            workArrived.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fsyncWorkers.shutdown();
    }

    private void run() {
        while (true) {
            Set<PartitionLog> work = awaitWork();
            if (work == null) {
                return;
            }
            long nowMs = time.milliseconds();
            for (PartitionLog partition : partitions) {
                if (partition.isIntervalFlushDue(nowMs)) {
                    work.add(partition);
                }
            }
            try {
                flushAll(work);
            } catch (RuntimeException e) {
                // keep the thread alive: every SYNC acknowledgement depends on it
                log.error("flush round failed", e);
            }
        }
    }

    /** The dirty partitions, after waiting a little for some; null once closed. */
    private Set<PartitionLog> awaitWork() {
        lock.lock();
        try {
            if (running && dirty.isEmpty()) {
                workArrived.await(MAX_IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
            }
            if (!running) {
                return null;
            }
            Set<PartitionLog> work = dirty;
            dirty = new LinkedHashSet<>();
            return work;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** One round: every partition's end is recorded first, then all are synced in parallel. */
    private void flushAll(Set<PartitionLog> work) {
        List<PartitionLog.FlushPoint> points = new ArrayList<>(work.size());
        for (PartitionLog partition : work) {
            points.add(partition.beginFlush());
        }
        if (points.size() == 1) {
            syncAndComplete(points.get(0));
            return;
        }
        List<CompletableFuture<Void>> syncs = new ArrayList<>(points.size());
        for (PartitionLog.FlushPoint point : points) {
            syncs.add(CompletableFuture.runAsync(() -> syncAndComplete(point), fsyncWorkers));
        }
        CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new)).join();
    }

    private void syncAndComplete(PartitionLog.FlushPoint point) {
        try {
            point.partition().syncToDisk(point);
        } catch (IOException | KafkaException e) {
            log.error("fsync of {} failed", point.partition().topicPartition(), e);
            point.partition().failFlush(e);
            return;
        }
        point.partition().completeFlush(point);
    }
}
