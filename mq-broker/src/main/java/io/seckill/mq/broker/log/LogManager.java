package io.seckill.mq.broker.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * All partition logs of one data directory, {@code <dataDir>/<topic>-<partition>/}, with the
 * threads they share: the {@link LogFlusher} and a scheduler for retention and delayed file
 * deletion. A clean-shutdown marker file, written last by {@link #close} and deleted once the
 * next start has loaded the logs, tells whether that start must recover unflushed data.
 *
 * <p>Thread-safety: thread-safe; creating, deleting and closing partitions are serialized on
 * this object.
 */
public final class LogManager implements Closeable {
    static final String CLEAN_SHUTDOWN_FILE = ".clean_shutdown";
    static final String DELETE_DIR_SUFFIX = "-delete";
    static final long RETENTION_CHECK_INTERVAL_MS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(LogManager.class);

    private final Path dataDir;
    private final boolean uncleanShutdown;
    private final boolean recoveredUncleanShutdown;
    private final LogRuntime runtime;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<TopicPartition, PartitionLog> partitions = new ConcurrentHashMap<>();
    private ScheduledFuture<?> retentionTask;
    private boolean closed;

    private LogManager(Path dataDir, boolean uncleanShutdown, boolean recoveredUncleanShutdown,
                       HighWatermarkListener listener, Time time) {
        this.dataDir = dataDir;
        this.uncleanShutdown = uncleanShutdown;
        this.recoveredUncleanShutdown = recoveredUncleanShutdown;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "log-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.runtime = new LogRuntime(time, new LogFlusher(time), new DelayedFileDeleter(scheduler), listener);
    }

    /**
     * Opens the data directory: loads the listed partitions (recovering them when the previous
     * shutdown was unclean), deletes the clean-shutdown marker, starts the flusher and retention.
     */
    public static LogManager open(Path dataDir, Map<TopicPartition, LogConfig> partitions,
                                  HighWatermarkListener listener, Time time) throws IOException {
        Files.createDirectories(dataDir);
        deleteLeftoverPartitionDirs(dataDir);
        Path marker = dataDir.resolve(CLEAN_SHUTDOWN_FILE);
        boolean unclean = !Files.exists(marker);
        boolean logsExist = partitions.keySet().stream().anyMatch(tp -> Files.isDirectory(partitionDir(dataDir, tp)));
        LogManager manager = new LogManager(dataDir, unclean, unclean && logsExist, listener, time);
        try {
            for (Map.Entry<TopicPartition, LogConfig> partition : partitions.entrySet()) {
                manager.createPartition(partition.getKey(), partition.getValue());
            }
            Files.deleteIfExists(marker);
            LogFiles.fsyncDirectory(dataDir);
        } catch (IOException | RuntimeException e) {
            manager.abandon();
            throw e;
        }
        manager.start();
        return manager;
    }

    private void start() {
        runtime.flusher().start();
        retentionTask = scheduler.scheduleWithFixedDelay(this::runRetention, RETENTION_CHECK_INTERVAL_MS,
                RETENTION_CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** True when this start found no clean-shutdown marker but existing partition logs, and recovered them. */
    public boolean recoveredUncleanShutdown() {
        return recoveredUncleanShutdown;
    }

    /** Opens (creating if needed) the log of a partition; returns the open one if it exists. */
    public synchronized PartitionLog createPartition(TopicPartition tp, LogConfig config) throws IOException {
        if (closed) {
            throw new IllegalStateException("the log manager is closed");
        }
        PartitionLog existing = partitions.get(tp);
        if (existing != null) {
            return existing;
        }
        PartitionLog partition = PartitionLog.open(tp, partitionDir(dataDir, tp), config, runtime, uncleanShutdown);
        partitions.put(tp, partition);
        runtime.flusher().register(partition);
        return partition;
    }

    public Optional<PartitionLog> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    public Collection<PartitionLog> partitions() {
        return List.copyOf(partitions.values());
    }

    public void updateConfig(TopicPartition tp, LogConfig config) {
        partition(tp).ifPresent(partition -> partition.updateConfig(config));
    }

    /**
     * Closes the partition's log and renames its directory to {@code <topic>-<p>.<uuid>-delete};
     * the files are deleted after file.delete.delay.ms, so in-flight zero-copy reads finish.
     */
    public synchronized void deletePartition(TopicPartition tp) {
        PartitionLog partition = partitions.remove(tp);
        if (partition == null) {
            return;
        }
        runtime.flusher().unregister(partition);
        List<LogSegment> segments = partition.closeForDeletion();
        Path renamed = dataDir.resolve(partition.dir().getFileName() + "."
                + UUID.randomUUID().toString().replace("-", "") + DELETE_DIR_SUFFIX);
        try {
            Files.move(partition.dir(), renamed);
        } catch (IOException e) {
            throw new UncheckedIOException("renaming " + partition.dir() + " for deletion failed", e);
        }
        runtime.deleter().schedule(() -> {
            segments.forEach(LogSegment::closeQuietly);
            deleteRecursively(renamed);
        }, partition.config().fileDeleteDelayMs());
    }

    /** Bytes of record data in all partition logs. */
    public long diskUsageBytes() {
        long bytes = 0;
        for (PartitionLog partition : partitions.values()) {
            bytes += partition.sizeInBytes();
        }
        return bytes;
    }

    /** Applies retention.ms and retention.bytes to every partition now (also runs every 30 s). */
    public void runRetention() {
        for (PartitionLog partition : partitions.values()) {
            try {
                partition.applyRetention();
            } catch (RuntimeException e) {
                log.error("retention of {} failed", partition.topicPartition(), e);
            }
        }
    }

    /**
     * Graceful shutdown: stops the background threads, flushes every partition, writes index
     * files and producer-state snapshots, and writes the clean-shutdown marker last (only when
     * every partition closed cleanly).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        retentionTask.cancel(false);
        runtime.flusher().close();
        boolean allClean = true;
        for (PartitionLog partition : partitions.values()) {
            try {
                partition.close();
            } catch (IOException | RuntimeException e) {
                allClean = false;
                log.error("closing the log of {} failed; the next start will recover it",
                        partition.topicPartition(), e);
            }
        }
        runtime.deleter().runPendingNow();
        scheduler.shutdownNow();
        if (allClean) {
            writeCleanShutdownMarker();
        }
    }

    private void writeCleanShutdownMarker() {
        try {
            LogFiles.fsyncDirectory(dataDir);
            Files.write(dataDir.resolve(CLEAN_SHUTDOWN_FILE), new byte[0]);
            LogFiles.fsyncDirectory(dataDir);
        } catch (IOException e) {
            log.error("writing the clean-shutdown marker failed; the next start will recover", e);
        }
    }

    /** Releases what a failed {@link #open} acquired, without claiming a clean shutdown. */
    private void abandon() {
        runtime.flusher().close();
        for (PartitionLog partition : partitions.values()) {
            partition.closeForDeletion().forEach(LogSegment::closeQuietly);
        }
        scheduler.shutdownNow();
    }

    private static Path partitionDir(Path dataDir, TopicPartition tp) {
        return dataDir.resolve(tp.topic() + "-" + tp.partition());
    }

    /** Finishes deletions a previous run could not complete before it stopped. */
    private static void deleteLeftoverPartitionDirs(Path dataDir) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dataDir)) {
            entries.filter(path -> Files.isDirectory(path) && path.getFileName().toString().endsWith(DELETE_DIR_SUFFIX))
                    .forEach(leftovers::add);
        }
        leftovers.forEach(LogManager::deleteRecursively);
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + root + " failed", e);
        }
    }
}
