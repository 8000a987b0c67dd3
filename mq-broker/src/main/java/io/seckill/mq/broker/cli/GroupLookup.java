package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** Reads a consumer group's state and committed offsets through the group coordinator. */
final class GroupLookup {

    private GroupLookup() {
    }

    /** The group, or empty when the coordinator does not know it (Kafka answers "Dead" or GROUP_ID_NOT_FOUND). */
    static Optional<ConsumerGroupDescription> describe(Admin admin, String groupId)
            throws ExecutionException, InterruptedException {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                    .describedGroups().get(groupId).get();
            return group.groupState() == GroupState.DEAD ? Optional.empty() : Optional.of(group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Committed offsets of every partition the group has committed for. */
    static Map<TopicPartition, Long> committedOffsets(Admin admin, String groupId)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }
}
