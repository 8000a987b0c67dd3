package io.seckill.mq.broker.log;

/** What the log remembers of one appended batch of an idempotent producer, to recognise a retry. */
record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestampMs) {
}
