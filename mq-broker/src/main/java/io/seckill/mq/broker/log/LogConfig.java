package io.seckill.mq.broker.log;

import org.apache.kafka.common.record.TimestampType;

import java.util.Objects;

/**
 * Per-topic log settings; the Kafka topic config name of each is given in brackets. Immutable;
 * the compact constructor rejects values the log cannot work with.
 *
 * @param segmentBytes      [segment.bytes] roll when the next append would make the active segment larger
 * @param segmentMs         [segment.ms] roll a non-empty active segment this long after its first append
 * @param retentionMs       [retention.ms] delete segments whose newest record is older; -1 = unlimited
 * @param retentionBytes    [retention.bytes] delete oldest segments while the partition is larger; -1 = unlimited
 * @param maxMessageBytes   [max.message.bytes] largest accepted record batch, after compression
 * @param indexIntervalBytes [index.interval.bytes] bytes appended between two offset index entries
 * @param timestampType     [message.timestamp.type] CreateTime keeps the producer's timestamps
 * @param flushPolicy       SYNC fsyncs before acknowledging; ASYNC every {@code flushIntervalMs}
 * @param flushIntervalMs   [flush.ms] fsync interval of ASYNC partitions
 * @param fileDeleteDelayMs [file.delete.delay.ms] grace period before deleted files are removed
 */
public record LogConfig(int segmentBytes, long segmentMs, long retentionMs, long retentionBytes,
                        int maxMessageBytes, int indexIntervalBytes, TimestampType timestampType,
                        FlushPolicy flushPolicy, long flushIntervalMs, long fileDeleteDelayMs) {

    public static final int DEFAULT_SEGMENT_BYTES = 1024 * 1024 * 1024;
    public static final long DEFAULT_SEGMENT_MS = 7L * 24 * 60 * 60 * 1000;
    public static final long DEFAULT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1048588;
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    public static final long DEFAULT_FLUSH_INTERVAL_MS = 1000;
    public static final long DEFAULT_FILE_DELETE_DELAY_MS = 60_000;
    /** Kafka's lower bound of segment.bytes (a v0 record's overhead); smaller values are rejected. */
    public static final int MIN_SEGMENT_BYTES = 14;
    /** The value of {@code retentionMs} and {@code retentionBytes} meaning "keep everything". */
    public static final long UNLIMITED = -1;

    public LogConfig {
        Objects.requireNonNull(timestampType, "timestampType");
        Objects.requireNonNull(flushPolicy, "flushPolicy");
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException(
                    "segmentBytes must be at least " + MIN_SEGMENT_BYTES + ": " + segmentBytes);
        }
        if (segmentMs <= 0 || flushIntervalMs <= 0 || fileDeleteDelayMs < 0) {
            throw new IllegalArgumentException("segmentMs and flushIntervalMs must be positive, fileDeleteDelayMs"
                    + " not negative: " + segmentMs + ", " + flushIntervalMs + ", " + fileDeleteDelayMs);
        }
        if (retentionMs < UNLIMITED || retentionBytes < UNLIMITED) {
            throw new IllegalArgumentException("retention must be -1 (unlimited) or >= 0: "
                    + retentionMs + " ms, " + retentionBytes + " bytes");
        }
        if (maxMessageBytes < 0 || indexIntervalBytes < 0) {
            throw new IllegalArgumentException("invalid maxMessageBytes " + maxMessageBytes
                    + " or indexIntervalBytes " + indexIntervalBytes);
        }
        if (timestampType == TimestampType.NO_TIMESTAMP_TYPE) {
            throw new IllegalArgumentException("timestampType must be CREATE_TIME or LOG_APPEND_TIME");
        }
    }

    /** Kafka's defaults, with the SYNC flush policy. */
    public static LogConfig defaults() {
        return new LogConfig(DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENT_MS, DEFAULT_RETENTION_MS, UNLIMITED,
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_INDEX_INTERVAL_BYTES, TimestampType.CREATE_TIME,
                FlushPolicy.SYNC, DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_FILE_DELETE_DELAY_MS);
    }

    public LogConfig withSegmentBytes(int value) {
        return new LogConfig(value, segmentMs, retentionMs, retentionBytes, maxMessageBytes, indexIntervalBytes,
                timestampType, flushPolicy, flushIntervalMs, fileDeleteDelayMs);
    }

    public LogConfig withSegmentMs(long value) {
        return new LogConfig(segmentBytes, value, retentionMs, retentionBytes, maxMessageBytes, indexIntervalBytes,
                timestampType, flushPolicy, flushIntervalMs, fileDeleteDelayMs);
    }

    public LogConfig withRetentionMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, value, retentionBytes, maxMessageBytes, indexIntervalBytes,
                timestampType, flushPolicy, flushIntervalMs, fileDeleteDelayMs);
    }

    public LogConfig withRetentionBytes(long value) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, value, maxMessageBytes, indexIntervalBytes,
                timestampType, flushPolicy, flushIntervalMs, fileDeleteDelayMs);
    }

    public LogConfig withMaxMessageBytes(int value) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, value, indexIntervalBytes,
                timestampType, flushPolicy, flushIntervalMs, fileDeleteDelayMs);
    }

    public LogConfig withIndexIntervalBytes(int value) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, maxMessageBytes, value,
                timestampType, flushPolicy, flushIntervalMs, fileDeleteDelayMs);
    }

    public LogConfig withTimestampType(TimestampType value) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, maxMessageBytes,
                indexIntervalBytes, value, flushPolicy, flushIntervalMs, fileDeleteDelayMs);
    }

    public LogConfig withFlushPolicy(FlushPolicy value) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, maxMessageBytes,
                indexIntervalBytes, timestampType, value, flushIntervalMs, fileDeleteDelayMs);
    }

    public LogConfig withFlushIntervalMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, maxMessageBytes,
                indexIntervalBytes, timestampType, flushPolicy, value, fileDeleteDelayMs);
    }

    public LogConfig withFileDeleteDelayMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, maxMessageBytes,
                indexIntervalBytes, timestampType, flushPolicy, flushIntervalMs, value);
    }
}
