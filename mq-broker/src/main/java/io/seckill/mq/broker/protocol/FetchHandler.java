package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.log.LogReadResult;
import io.seckill.mq.broker.log.PartitionLog;
import io.seckill.mq.broker.metadata.TopicMetadata;
import io.seckill.mq.broker.metadata.TopicService;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Fetch: serves whole batches from the log zero-copy, never past the high watermark, within the
 * per-partition and response byte limits (the first non-empty partition is returned whole even if
 * larger, so a consumer can always make progress). Waits up to maxWaitMs for minBytes.
 *
 * <p>Fetch sessions (KIP-227) are not kept: every response carries session id 0, which tells the
 * client to send full fetch requests; an incremental request is answered FETCH_SESSION_ID_NOT_FOUND.
 */
final class FetchHandler implements ApiHandler<FetchRequest> {

    private static final Logger log = LoggerFactory.getLogger(FetchHandler.class);

    private final TopicService topics;
    private final FetchPurgatory purgatory;

    FetchHandler(TopicService topics, FetchPurgatory purgatory) {
        this.topics = topics;
        this.purgatory = purgatory;
    }

    /** A partition to read: resolved name (null when the topic is unknown) and the request's fields. */
    private record Target(FetchTopic topic, String topicName, FetchPartition partition) {
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, FetchRequest request) {
        short version = context.apiVersion();
        if (request.data().sessionId() != FetchMetadata.INVALID_SESSION_ID
                && request.data().sessionEpoch() != FetchMetadata.INITIAL_EPOCH
                && request.data().sessionEpoch() != FetchMetadata.FINAL_EPOCH) {
            return CompletableFuture.completedFuture(FetchResponse.of(new FetchResponseData()
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code())
                    .setSessionId(FetchMetadata.INVALID_SESSION_ID)));
        }
        List<Target> targets = resolve(request, version);
        boolean readCommitted = request.isolationLevel() == IsolationLevel.READ_COMMITTED;
        int responseMaxBytes = version >= 3 ? request.maxBytes() : Integer.MAX_VALUE;
        FetchPurgatory.Attempt first = read(targets, responseMaxBytes, readCommitted, request.minBytes());
        if (first.satisfied() || request.maxWait() <= 0 || targets.isEmpty()) {
            return CompletableFuture.completedFuture(first.response());
        }
        List<TopicPartition> watched = targets.stream().filter(t -> t.topicName() != null)
                .map(t -> new TopicPartition(t.topicName(), t.partition().partition())).toList();
        return purgatory.await(watched, request.maxWait(),
                () -> read(targets, responseMaxBytes, readCommitted, request.minBytes()));
    }

    private List<Target> resolve(FetchRequest request, short version) {
        List<Target> targets = new ArrayList<>();
        for (FetchTopic topic : request.data().topics()) {
            Optional<TopicMetadata> metadata = version >= 13
                    ? topics.registry().topic(topic.topicId())
                    : topics.registry().topic(topic.topic());
            String name = metadata.map(TopicMetadata::name).orElse(null);
            for (FetchPartition partition : topic.partitions()) {
                targets.add(new Target(topic, name, partition));
            }
        }
        return targets;
    }

    /** Reads every target once; satisfied when minBytes are there or any partition has an error to report. */
    private FetchPurgatory.Attempt read(List<Target> targets, int responseMaxBytes, boolean readCommitted,
                                        int minBytes) {
        FetchResponseData data = new FetchResponseData().setSessionId(FetchMetadata.INVALID_SESSION_ID);
        FetchableTopicResponse current = null;
        FetchTopic currentRequestTopic = null;
        long totalBytes = 0;
        boolean hasError = false;
        for (Target target : targets) {
            if (target.topic() != currentRequestTopic) {
                currentRequestTopic = target.topic();
                current = new FetchableTopicResponse().setTopic(target.topic().topic())
                        .setTopicId(target.topic().topicId());
                data.responses().add(current);
            }
            int limit = (int) Math.max(0, Math.min(target.partition().partitionMaxBytes(), responseMaxBytes - totalBytes));
            PartitionData partition = readPartition(target, limit, totalBytes == 0, readCommitted);
            totalBytes += partition.records().sizeInBytes();
            hasError |= partition.errorCode() != Errors.NONE.code();
            current.partitions().add(partition);
        }
        return new FetchPurgatory.Attempt(FetchResponse.of(data), hasError || totalBytes >= Math.max(1, minBytes));
    }

    private PartitionData readPartition(Target target, int maxBytes, boolean minOneBatch, boolean readCommitted) {
        int index = target.partition().partition();
        if (target.topicName() == null) {
            boolean byId = target.topic().topic() == null || target.topic().topic().isEmpty();
            return FetchResponse.partitionResponse(index, byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        Optional<PartitionLog> partitionLog = topics.partition(new TopicPartition(target.topicName(), index));
        if (partitionLog.isEmpty()) {
            return FetchResponse.partitionResponse(index, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        PartitionLog logView = partitionLog.get();
        try {
            LogReadResult result = logView.read(target.partition().fetchOffset(), maxBytes, minOneBatch);
            return new PartitionData()
                    .setPartitionIndex(index)
                    .setErrorCode(Errors.NONE.code())
                    .setHighWatermark(result.highWatermark())
                    .setLastStableOffset(result.highWatermark())
                    .setLogStartOffset(result.logStartOffset())
                    .setAbortedTransactions(readCommitted ? List.of() : null)
                    .setPreferredReadReplica(-1)
                    .setRecords(result.records());
        } catch (org.apache.kafka.common.errors.ApiException e) {
            return FetchResponse.partitionResponse(index, Errors.forException(e))
                    .setHighWatermark(logView.highWatermark())
                    .setLastStableOffset(logView.highWatermark())
                    .setLogStartOffset(logView.logStartOffset())
                    .setRecords(MemoryRecords.EMPTY);
        } catch (RuntimeException e) {
            log.error("read of {}-{} at {} failed", target.topicName(), index, target.partition().fetchOffset(), e);
            return FetchResponse.partitionResponse(index, Errors.KAFKA_STORAGE_ERROR);
        }
    }
}
