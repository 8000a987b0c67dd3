package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.metadata.LocalNode;
import io.seckill.mq.broker.metadata.TopicMetadata;
import io.seckill.mq.broker.metadata.TopicService;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics, DeleteTopics and CreatePartitions. Each topic in a request succeeds or fails on
 * its own with Kafka's error codes; replication factors above 1 and replica assignments naming
 * another broker are refused, since this broker is the only one.
 */
final class TopicAdminHandlers {

    private final TopicService topics;
    private final LocalNode node;

    TopicAdminHandlers(TopicService topics, LocalNode node) {
        this.topics = topics;
        this.node = node;
    }

    CompletableFuture<AbstractResponse> createTopics(RequestContext context, CreateTopicsRequest request) {
        CreateTopicsResponseData data = new CreateTopicsResponseData();
        for (CreatableTopic topic : request.data().topics()) {
            CreatableTopicResult result = new CreatableTopicResult().setName(topic.name());
            try {
                int partitions = partitionsOf(topic);
                Map<String, String> overrides = new LinkedHashMap<>();
                for (CreatableTopicConfig config : topic.configs()) {
                    overrides.put(config.name(), config.value());
                }
                TopicMetadata created = topics.create(topic.name(), partitions, topic.replicationFactor(), overrides,
                        request.data().validateOnly());
                result.setErrorCode(Errors.NONE.code())
                        .setTopicId(created.topicId())
                        .setNumPartitions(created.partitionCount())
                        .setReplicationFactor((short) 1)
                        .setConfigs(configsOf(created));
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage())
                        .setNumPartitions(-1).setReplicationFactor((short) -1).setTopicConfigErrorCode(Errors.NONE.code());
            }
            data.topics().add(result);
        }
        return CompletableFuture.completedFuture(new CreateTopicsResponse(data));
    }

    private int partitionsOf(CreatableTopic topic) {
        if (topic.assignments().isEmpty()) {
            return topic.numPartitions();
        }
        if (topic.numPartitions() != -1 || topic.replicationFactor() != -1) {
            throw new InvalidRequestException("Both numPartitions or replicationFactor and replicasAssignments were set. "
                    + "Both cannot be used at the same time.");
        }
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            requireLocal(assignment.brokerIds());
            if (assignment.partitionIndex() < 0 || assignment.partitionIndex() >= topic.assignments().size()) {
                throw new InvalidReplicaAssignmentException("Partitions must be numbered 0.."
                        + (topic.assignments().size() - 1) + ", got " + assignment.partitionIndex());
            }
        }
        return topic.assignments().size();
    }

    private void requireLocal(List<Integer> brokerIds) {
        if (!brokerIds.equals(List.of(node.nodeId()))) {
            throw new InvalidReplicaAssignmentException("Replica assignment " + brokerIds
                    + " is not possible: the only broker is " + node.nodeId());
        }
    }

    private List<CreatableTopicConfigs> configsOf(TopicMetadata topic) {
        List<CreatableTopicConfigs> result = new ArrayList<>();
        topics.configs().effective(topic.configOverrides()).forEach((name, value) -> result.add(new CreatableTopicConfigs()
                .setName(name).setValue(value).setReadOnly(false).setIsSensitive(false)
                .setConfigSource((topic.configOverrides().containsKey(name)
                        ? ConfigSource.TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG).id())));
        return result;
    }

    CompletableFuture<AbstractResponse> deleteTopics(RequestContext context, DeleteTopicsRequest request) {
        DeleteTopicsResponseData data = new DeleteTopicsResponseData();
        List<DeleteTopicState> targets = context.apiVersion() >= 6 ? request.data().topics()
                : request.data().topicNames().stream().map(name -> new DeleteTopicState().setName(name)).toList();
        for (DeleteTopicState target : targets) {
            DeletableTopicResult result = new DeletableTopicResult().setName(target.name()).setTopicId(target.topicId());
            try {
                String name = target.name();
                if (name == null) {
                    name = topics.registry().topic(target.topicId()).map(TopicMetadata::name).orElseThrow(() ->
                            new UnknownTopicIdException("Topic id " + target.topicId() + " not found."));
                    result.setName(name);
                }
                TopicMetadata removed = topics.delete(name);
                result.setTopicId(removed.topicId()).setErrorCode(Errors.NONE.code());
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            data.responses().add(result);
        }
        return CompletableFuture.completedFuture(new DeleteTopicsResponse(data));
    }

    CompletableFuture<AbstractResponse> createPartitions(RequestContext context, CreatePartitionsRequest request) {
        CreatePartitionsResponseData data = new CreatePartitionsResponseData();
        for (CreatePartitionsTopic topic : request.data().topics()) {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            try {
                if (topic.assignments() != null) {
                    for (CreatePartitionsAssignment assignment : topic.assignments()) {
                        requireLocal(assignment.brokerIds());
                    }
                }
                topics.increasePartitions(topic.name(), topic.count(), request.data().validateOnly());
                result.setErrorCode(Errors.NONE.code());
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            data.results().add(result);
        }
        return CompletableFuture.completedFuture(new CreatePartitionsResponse(data));
    }
}
