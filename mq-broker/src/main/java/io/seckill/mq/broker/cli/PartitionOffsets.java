package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Log offsets (earliest, latest = what consumers can read, or by timestamp) of partitions, via
 * ListOffsets. A partition whose topic no longer exists is left out of the result instead of
 * failing the whole lookup: a group can still hold offsets of a deleted topic.
 */
final class PartitionOffsets {

    private PartitionOffsets() {
    }

    /** Offsets per partition; for a timestamp spec, partitions with no record at or after it map to -1. */
    static Map<TopicPartition, Long> of(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> spec));
        ListOffsetsResult result = admin.listOffsets(request);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            try {
                offsets.put(partition, result.partitionResult(partition).get().offset());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return offsets;
    }
}
