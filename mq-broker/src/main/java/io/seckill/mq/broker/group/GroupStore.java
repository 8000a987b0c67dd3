package io.seckill.mq.broker.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Durable storage of groups and committed offsets; every future completes once the write is durable. */
interface GroupStore extends GroupWriter {

    /** Writes committed offsets; a {@code null} value deletes the partition's offset. */
    CompletableFuture<Void> writeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets);
}
