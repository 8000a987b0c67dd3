package io.seckill.mq.broker.group;

/**
 * One committed offset of a group for a partition, as OffsetCommit stored it.
 *
 * @param leaderEpoch -1 when the client sent none
 * @param metadata    the client's string, possibly null
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
}
