package io.seckill.mq.broker.log;

import java.util.Locale;

/** When appended data is forced to disk, and therefore when it becomes visible to consumers. */
public enum FlushPolicy {
    /** Every append is fsynced (group commit) before it is acknowledged or visible to consumers. */
    SYNC,
    /** Data is fsynced every {@code flushIntervalMs}; appends are visible and acknowledged at once. */
    ASYNC;

    /** Parses {@code "sync"} or {@code "async"}, ignoring case. */
    public static FlushPolicy parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("flush policy must be 'sync' or 'async', was null");
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "sync" -> SYNC;
            case "async" -> ASYNC;
            default -> throw new IllegalArgumentException(
                    "flush policy must be 'sync' or 'async', was '" + value + "'");
        };
    }
}
