package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.group.CommittedOffset;
import io.seckill.mq.broker.group.GroupCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit, OffsetFetch and OffsetDelete: translation between Kafka's messages and the
 * {@link GroupCoordinator}'s committed offsets. An OffsetCommit is answered once it is durable.
 * OffsetFetch answers what is committed (requireStable needs no waiting: there are no
 * transactional offset commits). Stateless apart from the coordinator.
 */
final class OffsetHandlers {

    /** OffsetFetch versions below this have no committed leader epoch field. */
    private static final short LEADER_EPOCH_MIN_VERSION = 5;

    private final GroupCoordinator coordinator;

    OffsetHandlers(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    CompletableFuture<AbstractResponse> offsetCommit(RequestContext context, OffsetCommitRequest request) {
        var data = request.data();
        Map<TopicPartition, CommittedOffset> commits = new LinkedHashMap<>();
        data.topics().forEach(topic -> topic.partitions().forEach(p -> commits.put(
                new TopicPartition(topic.name(), p.partitionIndex()),
                new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata(), -1))));
        String instanceId = context.apiVersion() >= 7 ? data.groupInstanceId() : null;
        return coordinator.commitOffsets(data.groupId(), data.memberId(), instanceId,
                        data.generationIdOrMemberEpoch(), commits)
                .thenApply(OffsetCommitResponse::new);
    }

    /** One group (v1-7) or a batch of groups (v8+); all committed partitions when a group's topics are null. */
    CompletableFuture<AbstractResponse> offsetFetch(RequestContext context, OffsetFetchRequest request) {
        short version = context.apiVersion();
        List<OffsetFetchResponseGroup> groups = new ArrayList<>();
        for (OffsetFetchRequestGroup group : request.groups()) {
            groups.add(fetch(group, version >= LEADER_EPOCH_MIN_VERSION));
        }
        return GroupHandlers.done(new OffsetFetchResponse.Builder(groups).build(version));
    }

    private OffsetFetchResponseGroup fetch(OffsetFetchRequestGroup group, boolean withLeaderEpoch) {
        Map<TopicPartition, CommittedOffset> committed = coordinator.committed(group.groupId());
        Map<String, List<Integer>> wanted = new TreeMap<>();
        if (group.topics() == null) {
            committed.keySet().forEach(tp ->
                    wanted.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        } else {
            for (OffsetFetchRequestTopics topic : group.topics()) {
                wanted.computeIfAbsent(topic.name(), t -> new ArrayList<>()).addAll(topic.partitionIndexes());
            }
        }
        OffsetFetchResponseGroup response = new OffsetFetchResponseGroup().setGroupId(group.groupId());
        wanted.forEach((topic, partitions) -> {
            OffsetFetchResponseTopics topicResponse = new OffsetFetchResponseTopics().setName(topic);
            for (int partition : partitions) {
                CommittedOffset offset = committed.get(new TopicPartition(topic, partition));
                topicResponse.partitions().add(new OffsetFetchResponsePartitions()
                        .setPartitionIndex(partition)
                        .setCommittedOffset(offset == null ? -1 : offset.offset())
                        .setCommittedLeaderEpoch(offset == null || !withLeaderEpoch ? -1 : offset.leaderEpoch())
                        .setMetadata(offset == null || offset.metadata() == null ? "" : offset.metadata())
                        .setErrorCode(Errors.NONE.code()));
            }
            response.topics().add(topicResponse);
        });
        return response;
    }

    CompletableFuture<AbstractResponse> offsetDelete(RequestContext context, OffsetDeleteRequest request) {
        var data = request.data();
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        data.topics().forEach(topic -> topic.partitions().forEach(p ->
                partitions.add(new TopicPartition(topic.name(), p.partitionIndex()))));
        GroupCoordinator.OffsetDeletion deletion = coordinator.deleteOffsets(data.groupId(), partitions);
        OffsetDeleteResponseData response = new OffsetDeleteResponseData().setErrorCode(deletion.groupError().code());
        deletion.partitions().forEach((tp, error) -> {
            OffsetDeleteResponseTopic topic = response.topics().find(tp.topic());
            if (topic == null) {
                topic = new OffsetDeleteResponseTopic().setName(tp.topic());
                response.topics().add(topic);
            }
            topic.partitions().add(new OffsetDeleteResponsePartition().setPartitionIndex(tp.partition())
                    .setErrorCode(error.code()));
        });
        return GroupHandlers.done(new OffsetDeleteResponse(response));
    }
}
