package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.metadata.LocalNode;
import io.seckill.mq.broker.metadata.TopicMetadata;
import io.seckill.mq.broker.metadata.TopicService;
import io.seckill.mq.client.MqContract;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata: this node is the leader, only replica and controller of every partition. Missing topics
 * are created when both the request ({@code allow.auto.topic.creation}) and the broker
 * ({@code auto.create.topics.enable}) allow it; creation is synchronous, so the new topic is
 * returned ready at once instead of LEADER_NOT_AVAILABLE.
 */
final class MetadataHandler implements ApiHandler<MetadataRequest> {

    private final TopicService topics;
    private final LocalNode node;
    private final boolean autoCreateTopics;

    MetadataHandler(TopicService topics, LocalNode node, boolean autoCreateTopics) {
        this.topics = topics;
        this.node = node;
        this.autoCreateTopics = autoCreateTopics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, MetadataRequest request) {
        MetadataResponseData data = new MetadataResponseData()
                .setClusterId(node.clusterId())
                .setControllerId(node.nodeId())
                .setClusterAuthorizedOperations(request.data().includeClusterAuthorizedOperations()
                        ? AuthorizedOperations.CLUSTER : Integer.MIN_VALUE);
        data.brokers().add(new MetadataResponseBroker().setNodeId(node.nodeId()).setHost(node.host())
                .setPort(node.port()));
        boolean includeOperations = request.data().includeTopicAuthorizedOperations();
        if (request.isAllTopics()) {
            topics.registry().topics().stream()
                    .sorted(Comparator.comparing(TopicMetadata::name))
                    .forEach(topic -> data.topics().add(describe(topic, includeOperations)));
        } else {
            boolean mayCreate = autoCreateTopics && request.allowAutoTopicCreation();
            for (MetadataRequestTopic requested : request.data().topics()) {
                data.topics().add(resolve(requested, mayCreate, includeOperations));
            }
        }
        return CompletableFuture.completedFuture(new MetadataResponse(data, context.apiVersion()));
    }

    private MetadataResponseTopic resolve(MetadataRequestTopic requested, boolean mayCreate, boolean includeOperations) {
        if (requested.name() == null) {
            Uuid id = requested.topicId();
            return topics.registry().topic(id)
                    .map(topic -> describe(topic, includeOperations))
                    .orElseGet(() -> new MetadataResponseTopic().setTopicId(id)
                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
        }
        String name = requested.name();
        Optional<TopicMetadata> existing = topics.registry().topic(name);
        if (existing.isPresent()) {
            return describe(existing.get(), includeOperations);
        }
        if (!mayCreate) {
            return error(name, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try {
            return describe(topics.create(name, -1, (short) -1, java.util.Map.of(), false), includeOperations);
        } catch (TopicExistsException raced) {
            return topics.registry().topic(name).map(topic -> describe(topic, includeOperations))
                    .orElseGet(() -> error(name, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        } catch (RuntimeException e) {
            return error(name, Errors.forException(e));
        }
    }

    private static MetadataResponseTopic error(String name, Errors error) {
        return new MetadataResponseTopic().setName(name).setErrorCode(error.code());
    }

    private MetadataResponseTopic describe(TopicMetadata topic, boolean includeOperations) {
        List<MetadataResponsePartition> partitions = new ArrayList<>(topic.partitionCount());
        List<Integer> replicas = List.of(node.nodeId());
        for (int p = 0; p < topic.partitionCount(); p++) {
            partitions.add(new MetadataResponsePartition()
                    .setPartitionIndex(p)
                    .setLeaderId(node.nodeId())
                    .setLeaderEpoch(0)
                    .setReplicaNodes(replicas)
                    .setIsrNodes(replicas)
                    .setOfflineReplicas(List.of()));
        }
        return new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.topicId())
                .setIsInternal(Topic.isInternal(topic.name()) || MqContract.Topics.isInternal(topic.name()))
                .setPartitions(partitions)
                .setTopicAuthorizedOperations(includeOperations ? AuthorizedOperations.TOPIC : Integer.MIN_VALUE);
    }
}
