package io.seckill.mq.broker.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of one partition: a sequence of {@link LogSegment}s with contiguous offsets from
 * {@link #logStartOffset()} to {@link #logEndOffset()}, the last segment being the active one.
 *
 * <p>Invariants: offsets are contiguous across batches and segments; the durable position
 * ({@link FlushProgress}) never passes {@code logEnd}; the high watermark is the durable position
 * for SYNC partitions and the log end for ASYNC ones; readers never see bytes beyond it.
 *
 * <p>Thread-safety: appends, rolls, truncation, retention and config changes are serialized by a
 * per-partition lock. Reads take no lock: they use the segment map (a concurrent skip list) and
 * immutable {@link LogPosition} snapshots published through volatile fields. Futures and listener
 * calls are never completed or made while the lock is held.
 */
public final class PartitionLog {
    private static final Logger log = LoggerFactory.getLogger(PartitionLog.class);

    /** What one flush round covers: the log end when it started and the truncation count then. */
    record FlushPoint(PartitionLog partition, LogPosition end, long truncations) {
    }

    /** An operation under the partition lock that may fail with an I/O error. */
    @FunctionalInterface
    private interface LockedOperation<T> {
        T run() throws IOException;
    }

    private final TopicPartition topicPartition;
    private final Path dir;
    private final LogRuntime runtime;
    private final ReentrantLock lock = new ReentrantLock();
    private final LogSegments segments;
    private final LogReader reader;
    private final ProducerStateManager producerState;
    private final FlushProgress flushProgress;
    private volatile LogConfig config;
    private volatile LogPosition logEnd;
    private volatile boolean deleted;
    private volatile boolean closed;

    private PartitionLog(TopicPartition topicPartition, Path dir, LogConfig config, LogRuntime runtime,
                         LoadedLog loaded) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.config = config;
        this.runtime = runtime;
        this.segments = new LogSegments(dir, loaded.segments(), runtime.deleter());
        this.reader = new LogReader(topicPartition, segments.view());
        this.producerState = loaded.producerState();
        this.logEnd = segments.active().endPosition();
        this.flushProgress = new FlushProgress(logEnd, runtime.time().milliseconds());
    }

    /** Loads (and when {@code recover}, recovers) the partition directory {@code dir}. */
    static PartitionLog open(TopicPartition topicPartition, Path dir, LogConfig config, LogRuntime runtime,
                             boolean recover) throws IOException {
        LoadedLog loaded = LogLoader.load(topicPartition, dir, config, recover, runtime.time().milliseconds());
        return new PartitionLog(topicPartition, dir, config, runtime, loaded);
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public LogConfig config() {
        return config;
    }

    Path dir() {
        return dir;
    }

    /** Validates and appends producer batches; appends to one partition are serialized. */
    public LogAppendResult append(MemoryRecords records) {
        LogConfig appendConfig = config;
        ValidatedRecords validated = RecordBatchValidator.validate(records, appendConfig.maxMessageBytes());
        LogAppendResult result = locked("append", () -> {
            ensureOpen();
            Optional<BatchMetadata> duplicate = producerState.checkAppend(validated.batches());
            return duplicate.isPresent() ? duplicateResult(duplicate.get(), appendConfig)
                    : appendValidated(validated, appendConfig);
        });
        if (!result.duplicate()) {
            if (appendConfig.flushPolicy() == FlushPolicy.SYNC) {
                requestFlush();
            } else {
                notifyHighWatermark(result.lastOffset() + 1);
            }
        }
        return result;
    }

    private LogAppendResult appendValidated(ValidatedRecords validated, LogConfig appendConfig) throws IOException {
        long nowMs = runtime.time().milliseconds();
        long firstOffset = logEnd.offset();
        long lastOffset = firstOffset + validated.recordCount() - 1;
        LogSegment segment = segments.active();
        if (segment.shouldRoll(validated.sizeInBytes(), lastOffset, appendConfig, nowMs)) {
            segment = rollLocked(nowMs);
        }
        long logAppendTimeMs = validated.assignOffsets(firstOffset, appendConfig.timestampType(), nowMs);
        segment.append(validated.records(), validated.batches(), appendConfig.indexIntervalBytes(), nowMs);
        for (MutableRecordBatch batch : validated.batches()) {
            producerState.update(batch);
        }
        logEnd = segment.endPosition();
        return new LogAppendResult(firstOffset, lastOffset, logAppendTimeMs, logStartOffset(), false,
                validated.sizeInBytes(), validated.recordCount());
    }

    private LogAppendResult duplicateResult(BatchMetadata duplicate, LogConfig appendConfig) {
        long logAppendTimeMs = appendConfig.timestampType() == TimestampType.LOG_APPEND_TIME
                ? duplicate.timestampMs() : RecordBatch.NO_TIMESTAMP;
        return new LogAppendResult(duplicate.firstOffset(), duplicate.lastOffset(), logAppendTimeMs,
                logStartOffset(), true, 0, 0);
    }

    /**
     * Completes when every offset below {@code nextOffset} is durable: for SYNC once the flusher
     * fsynced it, for ASYNC at once. Never completed while the partition lock is held.
     */
    public CompletableFuture<Void> awaitDurable(long nextOffset) {
        if (deleted) {
            return CompletableFuture.failedFuture(deletedException());
        }
        if (config.flushPolicy() == FlushPolicy.ASYNC) {
            return CompletableFuture.completedFuture(null);
        }
        return flushProgress.await(nextOffset);
    }

    public long logStartOffset() {
        return segments.logStartOffset();
    }

    public long logEndOffset() {
        return logEnd.offset();
    }

    /** Offsets below this are visible to consumers: SYNC the fsynced end, ASYNC the log end. */
    public long highWatermark() {
        return highWatermarkPosition().offset();
    }

    private LogPosition highWatermarkPosition() {
        return config.flushPolicy() == FlushPolicy.SYNC ? flushProgress.durable() : logEnd;
    }

    /**
     * Whole batches from the one containing {@code fetchOffset}, at most {@code maxBytes} in total
     * (except that the first batch is returned whole when {@code minOneBatch}), never past the
     * high watermark. Empty at the high watermark; outside [logStartOffset, logEndOffset] throws
     * {@link org.apache.kafka.common.errors.OffsetOutOfRangeException}.
     */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch) {
        LogPosition highWatermark = highWatermarkPosition();
        return reader.read(highWatermark, logEnd.offset(), fetchOffset, maxBytes, minOneBatch);
    }

    /** The first record with a timestamp >= {@code targetTimestampMs}, below the high watermark. */
    public Optional<TimestampAndOffset> offsetForTimestamp(long targetTimestampMs) {
        return reader.offsetForTimestamp(highWatermarkPosition(), targetTimestampMs);
    }

    /** The offset and timestamp of the record with the largest timestamp below the high watermark. */
    public Optional<TimestampAndOffset> offsetOfMaxTimestamp() {
        return reader.offsetOfMaxTimestamp(highWatermarkPosition());
    }

    /** Closes the active segment and starts a new one at the log end (no-op when it is empty). */
    public void roll() {
        locked("roll", () -> {
            ensureOpen();
            return segments.active().sizeInBytes() > 0 ? rollLocked(runtime.time().milliseconds()) : null;
        });
    }

    private LogSegment rollLocked(long nowMs) throws IOException {
        long baseOffset = logEnd.offset();
        LogSegment next = segments.roll(baseOffset);
        logEnd = next.endPosition();
        producerState.expireProducers(nowMs);
        producerState.writeSnapshot(baseOffset);
        requestFlush();
        return next;
    }

    /**
     * Drops every batch holding an offset >= {@code offset} (a batch straddling it goes whole),
     * with the segments and index entries involved, and rebuilds the producer state. Below the
     * log start offset the log is emptied and restarts at {@code offset}.
     */
    public void truncateTo(long offset) {
        locked("truncation", () -> {
            ensureOpen();
            if (offset >= logEnd.offset()) {
                return null;
            }
            logEnd = segments.truncateTo(offset, config.fileDeleteDelayMs()).endPosition();
            flushProgress.truncated(logEnd);
            LogLoader.restoreProducerState(producerState, segments.view(), logEnd.offset());
            return null;
        });
        flushProgress.failWaitersAbove(logEnd.offset(),
                new KafkaStorageException("offsets from " + offset + " of " + topicPartition + " were truncated"));
    }

    /** Fsyncs everything appended so far, on the calling thread. */
    public void flush() {
        FlushPoint point = beginFlush();
        try {
            syncToDisk(point);
        } catch (IOException e) {
            throw new KafkaStorageException("flush of " + topicPartition + " failed", e);
        }
        completeFlush(point);
    }

    private void requestFlush() {
        if (flushProgress.request()) {
            runtime.flusher().requestFlush(this);
        }
    }

    /** Starts a flush: later appends need another one. Reads the truncation count before the log end. */
    FlushPoint beginFlush() {
        flushProgress.clearRequest();
        long truncationCount = flushProgress.truncations();
        return new FlushPoint(this, logEnd, truncationCount);
    }

    /** Fsyncs every segment that may hold bytes below {@code point}, sealing the rolled ones. */
    void syncToDisk(FlushPoint point) throws IOException {
        segments.sync(flushProgress.durable().segmentBaseOffset(), point.end().segmentBaseOffset());
    }

    /** Publishes the durable offset of a finished flush unless a truncation overtook it. */
    void completeFlush(FlushPoint point) {
        boolean advanced;
        lock.lock();
        try {
            advanced = flushProgress.advance(point.end(), point.truncations(), logEnd.offset(),
                    runtime.time().milliseconds());
        } finally {
            lock.unlock();
        }
        if (advanced) {
            flushProgress.completeWaiters();
            if (config.flushPolicy() == FlushPolicy.SYNC && !deleted) {
                notifyHighWatermark(point.end().offset());
            }
        }
    }

    /** Fails the waiters of data that could not be made durable. */
    void failFlush(Exception cause) {
        flushProgress.failWaitersAbove(flushProgress.durable().offset(),
                new KafkaStorageException("fsync of " + topicPartition + " failed", cause));
    }

    /** Whether this ASYNC partition has unflushed data and its flush interval has passed. */
    boolean isIntervalFlushDue(long nowMs) {
        LogConfig current = config;
        return current.flushPolicy() == FlushPolicy.ASYNC
                && flushProgress.isDue(logEnd, current.flushIntervalMs(), nowMs);
    }

    private void notifyHighWatermark(long highWatermark) {
        try {
            runtime.listener().onHighWatermarkAdvanced(topicPartition, highWatermark);
        } catch (RuntimeException e) {
            log.warn("high watermark listener failed for {}", topicPartition, e);
        }
    }

    /** Deletes the segments {@link SegmentRetention} selects; returns how many. */
    int applyRetention() {
        LogConfig retentionConfig = config;
        long nowMs = runtime.time().milliseconds();
        return locked("retention", () -> {
            if (closed) {
                return 0;
            }
            List<LogSegment> expired = SegmentRetention.expiredSegments(segments.all(), segments.sizeInBytes(),
                    highWatermark(), retentionConfig, nowMs);
            for (LogSegment segment : expired) {
                segments.retire(segment, retentionConfig.fileDeleteDelayMs());
            }
            if (!expired.isEmpty()) {
                log.info("retention deleted {} segment(s) of {}; log start offset is now {}", expired.size(),
                        topicPartition, logStartOffset());
            }
            return expired.size();
        });
    }

    /** Applies new settings; a change of flush policy never moves the high watermark backwards. */
    public void updateConfig(LogConfig newConfig) {
        FlushPolicy oldPolicy = locked("config change", () -> {
            ensureOpen();
            FlushPolicy previous = config.flushPolicy();
            if (previous == FlushPolicy.ASYNC && newConfig.flushPolicy() == FlushPolicy.SYNC) {
                // The high watermark moves from the log end to the durable offset: make them equal first.
                FlushPoint point = beginFlush();
                syncToDisk(point);
                flushProgress.flushedTo(point.end());
            }
            config = newConfig;
            return previous;
        });
        flushProgress.completeWaiters();
        if (oldPolicy == FlushPolicy.SYNC && newConfig.flushPolicy() == FlushPolicy.ASYNC) {
            notifyHighWatermark(logEnd.offset());
        }
    }

    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    public int segmentCount() {
        return segments.count();
    }

    private <T> T locked(String operation, LockedOperation<T> action) {
        lock.lock();
        try {
            return action.run();
        } catch (IOException e) {
            throw new KafkaStorageException(operation + " of " + topicPartition + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (deleted) {
            throw deletedException();
        }
        if (closed) {
            throw new KafkaStorageException("the log of " + topicPartition + " is closed");
        }
    }

    private UnknownTopicOrPartitionException deletedException() {
        return new UnknownTopicOrPartitionException("partition " + topicPartition + " was deleted");
    }

    /** Graceful close: fsyncs, writes index files and a producer-state snapshot, closes the files. */
    void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            segments.close();
            producerState.expireProducers(runtime.time().milliseconds());
            producerState.writeSnapshot(logEnd.offset());
            flushProgress.flushedTo(logEnd);
        } finally {
            lock.unlock();
        }
        flushProgress.completeWaiters();
    }

    /**
     * Stops the log for deletion: appends fail from now on and waiting futures fail. The segment
     * files stay open for in-flight reads; returns the segments for the caller to close later.
     */
    List<LogSegment> closeForDeletion() {
        List<LogSegment> open;
        lock.lock();
        try {
            deleted = true;
            closed = true;
            open = segments.snapshot();
        } finally {
            lock.unlock();
        }
        flushProgress.failWaitersAbove(Long.MIN_VALUE, deletedException());
        return open;
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", [" + logStartOffset() + ", " + logEndOffset() + "), hw="
                + highWatermark() + ")";
    }
}
