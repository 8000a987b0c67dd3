package io.seckill.mq.broker.log;

import org.apache.kafka.common.utils.Time;

/** The machinery every partition log of one {@link LogManager} shares. Immutable. */
record LogRuntime(Time time, LogFlusher flusher, DelayedFileDeleter deleter, HighWatermarkListener listener) {
}
