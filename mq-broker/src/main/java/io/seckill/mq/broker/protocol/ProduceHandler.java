package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.log.LogAppendResult;
import io.seckill.mq.broker.log.PartitionLog;
import io.seckill.mq.broker.metadata.TopicConfigs;
import io.seckill.mq.broker.metadata.TopicMetadata;
import io.seckill.mq.broker.metadata.TopicService;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Produce: validates and appends each partition's batch to its log on the calling thread, then
 * answers according to acks: 0 → no response; 1 → once appended; all (-1) → once the appended
 * data is durable under the topic's flush policy (fsynced by the group-commit flusher for
 * {@code sync}). A duplicate batch of an idempotent producer is acknowledged with its original
 * offsets. Partitions fail independently; a failed partition appends nothing.
 */
final class ProduceHandler implements ApiHandler<ProduceRequest> {

    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);

    private final TopicService topics;

    ProduceHandler(TopicService topics) {
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, ProduceRequest request) {
        short acks = request.acks();
        short version = context.apiVersion();
        ProduceResponseData data = new ProduceResponseData();
        List<CompletableFuture<Void>> durability = new ArrayList<>();
        for (TopicProduceData topicData : request.data().topicData()) {
            Optional<TopicMetadata> topic = version >= 13
                    ? topics.registry().topic(topicData.topicId())
                    : topics.registry().topic(topicData.name());
            TopicProduceResponse topicResponse = new TopicProduceResponse()
                    .setName(topicData.name()).setTopicId(topicData.topicId());
            for (PartitionProduceData partitionData : topicData.partitionData()) {
                PartitionProduceResponse response = new PartitionProduceResponse().setIndex(partitionData.index());
                try {
                    PartitionLog partitionLog = target(topic, topicData, partitionData, acks, version);
                    LogAppendResult result = partitionLog.append((MemoryRecords) partitionData.records());
                    response.setBaseOffset(result.firstOffset())
                            .setLogAppendTimeMs(result.logAppendTimeMs())
                            .setLogStartOffset(result.logStartOffset());
                    if (acks == -1) {
                        durability.add(partitionLog.awaitDurable(result.lastOffset() + 1));
                    }
                } catch (ApiException e) {
                    fail(response, Errors.forException(e), e.getMessage());
                } catch (RuntimeException e) {
                    log.error("append to {}-{} failed", topicData.name(), partitionData.index(), e);
                    fail(response, Errors.KAFKA_STORAGE_ERROR, e.getMessage());
                }
                topicResponse.partitionResponses().add(response);
            }
            data.responses().add(topicResponse);
        }
        if (acks == 0) {
            return CompletableFuture.completedFuture(null);
        }
        ProduceResponse response = new ProduceResponse(data);
        if (durability.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.allOf(durability.toArray(CompletableFuture[]::new)).thenApply(ignored -> response);
    }

    /** The log this partition's records go to, after every check that must pass before appending. */
    private PartitionLog target(Optional<TopicMetadata> topic, TopicProduceData topicData,
                                PartitionProduceData partitionData, short acks, short version) {
        if (acks != -1 && acks != 0 && acks != 1) {
            throw new InvalidRequiredAcksException("acks must be -1, 0 or 1, was " + acks);
        }
        if (topic.isEmpty()) {
            throw version >= 13 ? new UnknownTopicIdException("Unknown topic id " + topicData.topicId())
                    : new UnknownTopicOrPartitionException("Unknown topic " + topicData.name());
        }
        if (Topic.isInternal(topic.get().name())) {
            throw new InvalidTopicException("Cannot append to internal topic " + topic.get().name());
        }
        TopicPartition tp = new TopicPartition(topic.get().name(), partitionData.index());
        PartitionLog partitionLog = topics.partition(tp).orElseThrow(() ->
                new UnknownTopicOrPartitionException("Unknown partition " + tp));
        if (acks == -1 && TopicConfigs.minInSyncReplicasAboveOne(topic.get().configOverrides())) {
            throw new NotEnoughReplicasException("min.insync.replicas of " + tp.topic()
                    + " is above 1 but this broker has exactly one replica");
        }
        if (partitionData.records() == null) {
            throw new InvalidRecordException("Produce request for " + tp + " carries no records");
        }
        ProduceRequest.validateRecords(version, partitionData.records());
        return partitionLog;
    }

    private static void fail(PartitionProduceResponse response, Errors error, String message) {
        response.setErrorCode(error.code())
                .setErrorMessage(message)
                .setBaseOffset(ProduceResponse.INVALID_OFFSET)
                .setLogAppendTimeMs(RecordBatch.NO_TIMESTAMP)
                .setLogStartOffset(ProduceResponse.INVALID_OFFSET);
    }
}
