package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.log.LogReadResult;
import io.seckill.mq.broker.log.PartitionLog;
import io.seckill.mq.broker.metadata.TopicMetadata;
import io.seckill.mq.broker.metadata.TopicService;
import io.seckill.mq.broker.protocol.FetchSessions.CachedPartition;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchRequestData.ForgottenTopic;
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
import java.util.function.Supplier;

/**
 * Fetch: serves whole batches from the log zero-copy, never past the high watermark, within the
 * per-partition and response byte limits (the first non-empty partition is returned whole even if
 * larger, so a consumer can always make progress). Waits up to maxWaitMs for minBytes.
 *
 * <p>Fetch sessions (KIP-227, Fetch v7+) are kept in {@link FetchSessions}: a full fetch with epoch 0
 * opens one; an incremental fetch names only changed and forgotten partitions and is answered with
 * only the partitions that have news. An unknown session id is answered FETCH_SESSION_ID_NOT_FOUND,
 * a wrong epoch INVALID_FETCH_SESSION_EPOCH; the client then starts over with a full fetch.
 */
final class FetchHandler implements ApiHandler<FetchRequest> {

    private static final Logger log = LoggerFactory.getLogger(FetchHandler.class);

    private final TopicService topics;
    private final FetchPurgatory purgatory;
    private final FetchSessions sessions;

    FetchHandler(TopicService topics, FetchPurgatory purgatory, FetchSessions sessions) {
        this.topics = topics;
        this.purgatory = purgatory;
        this.sessions = sessions;
    }

    /** A partition to read: its session entry (what the client asked for) and the resolved topic name (null when unknown). */
    private record Target(CachedPartition partition, String topicName) {
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, FetchRequest request) {
        short version = context.apiVersion();
        FetchRequestData data = request.data();
        int sessionId = version >= 7 ? data.sessionId() : FetchMetadata.INVALID_SESSION_ID;
        int epoch = version >= 7 ? data.sessionEpoch() : FetchMetadata.FINAL_EPOCH;
        FetchSessions.Session session;
        List<CachedPartition> partitions;
        boolean incremental = epoch != FetchMetadata.INITIAL_EPOCH && epoch != FetchMetadata.FINAL_EPOCH;
        if (incremental) {
            session = sessions.get(sessionId);
            if (session == null || !session.accept(epoch)) {
                Errors error = session == null ? Errors.FETCH_SESSION_ID_NOT_FOUND : Errors.INVALID_FETCH_SESSION_EPOCH;
                return CompletableFuture.completedFuture(FetchResponse.of(new FetchResponseData()
                        .setErrorCode(error.code()).setSessionId(FetchMetadata.INVALID_SESSION_ID)));
            }
            requested(data).forEach(session::put);
            for (ForgottenTopic forgotten : data.forgottenTopicsData()) {
                for (int partition : forgotten.partitions()) {
                    session.forget(FetchSessions.Key.of(forgotten.topic(), forgotten.topicId(), partition));
                }
            }
            partitions = session.partitions();
        } else {
            if (sessionId != FetchMetadata.INVALID_SESSION_ID) {
                sessions.close(sessionId);
            }
            partitions = requested(data);
            session = epoch == FetchMetadata.INITIAL_EPOCH && !partitions.isEmpty() ? sessions.open(partitions) : null;
        }
        List<Target> targets = resolve(partitions, version);
        boolean readCommitted = request.isolationLevel() == IsolationLevel.READ_COMMITTED;
        int responseMaxBytes = version >= 3 ? request.maxBytes() : Integer.MAX_VALUE;
        FetchSessions.Session responding = session;
        Supplier<FetchPurgatory.Attempt> attempt = () -> read(targets, responseMaxBytes, readCommitted,
                request.minBytes(), responding, incremental);
        FetchPurgatory.Attempt first = attempt.get();
        if (first.satisfied() || request.maxWait() <= 0 || targets.isEmpty()) {
            return CompletableFuture.completedFuture(first.send());
        }
        List<TopicPartition> watched = targets.stream().filter(t -> t.topicName() != null)
                .map(t -> new TopicPartition(t.topicName(), t.partition().partition)).toList();
        return purgatory.await(watched, request.maxWait(), attempt).thenApply(FetchPurgatory.Attempt::send);
    }

    /** The partitions the request names, in its order. */
    private static List<CachedPartition> requested(FetchRequestData data) {
        List<CachedPartition> partitions = new ArrayList<>();
        for (FetchTopic topic : data.topics()) {
            for (FetchPartition partition : topic.partitions()) {
                partitions.add(new CachedPartition(topic.topic(), topic.topicId(), partition.partition(),
                        partition.fetchOffset(), partition.partitionMaxBytes()));
            }
        }
        return partitions;
    }

    private List<Target> resolve(List<CachedPartition> partitions, short version) {
        List<Target> targets = new ArrayList<>(partitions.size());
        CachedPartition previous = null;
        String name = null;
        for (CachedPartition partition : partitions) {
            if (previous == null || !FetchSessions.sameTopic(previous, partition)) {
                Optional<TopicMetadata> metadata = version >= 13
                        ? topics.registry().topic(partition.topicId)
                        : topics.registry().topic(partition.requestTopic);
                name = metadata.map(TopicMetadata::name).orElse(null);
                previous = partition;
            }
            targets.add(new Target(partition, name));
        }
        return targets;
    }

    /**
     * Reads every target once; satisfied when minBytes are there or any partition has an error to
     * report. An incremental session's response leaves out the partitions without news.
     */
    private FetchPurgatory.Attempt read(List<Target> targets, int responseMaxBytes, boolean readCommitted,
                                        int minBytes, FetchSessions.Session session, boolean incremental) {
        FetchResponseData data = new FetchResponseData()
                .setSessionId(session == null ? FetchMetadata.INVALID_SESSION_ID : session.id);
        FetchableTopicResponse current = null;
        CachedPartition currentTopic = null;
        List<CachedPartition> told = new ArrayList<>(targets.size());
        List<PartitionData> sent = new ArrayList<>(targets.size());
        long totalBytes = 0;
        boolean hasError = false;
        for (Target target : targets) {
            CachedPartition requested = target.partition();
            int limit = (int) Math.max(0, Math.min(requested.maxBytes, responseMaxBytes - totalBytes));
            PartitionData partition = readPartition(target, limit, totalBytes == 0, readCommitted);
            totalBytes += partition.records().sizeInBytes();
            hasError |= partition.errorCode() != Errors.NONE.code();
            if (incremental && !requested.hasNews(partition)) {
                continue;
            }
            if (currentTopic == null || !FetchSessions.sameTopic(currentTopic, requested)) {
                currentTopic = requested;
                current = new FetchableTopicResponse().setTopic(requested.requestTopic).setTopicId(requested.topicId);
                data.responses().add(current);
            }
            current.partitions().add(partition);
            told.add(requested);
            sent.add(partition);
        }
        Runnable onSent = session == null ? () -> { } : () -> session.sent(told, sent);
        return new FetchPurgatory.Attempt(FetchResponse.of(data), hasError || totalBytes >= Math.max(1, minBytes),
                onSent);
    }

    private PartitionData readPartition(Target target, int maxBytes, boolean minOneBatch, boolean readCommitted) {
        int index = target.partition().partition;
        if (target.topicName() == null) {
            String requestTopic = target.partition().requestTopic;
            boolean byId = requestTopic == null || requestTopic.isEmpty();
            return FetchResponse.partitionResponse(index, byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        Optional<PartitionLog> partitionLog = topics.partition(new TopicPartition(target.topicName(), index));
        if (partitionLog.isEmpty()) {
            return FetchResponse.partitionResponse(index, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        PartitionLog logView = partitionLog.get();
        try {
            LogReadResult result = logView.read(target.partition().fetchOffset, maxBytes, minOneBatch);
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
            log.error("read of {}-{} at {} failed", target.topicName(), index, target.partition().fetchOffset, e);
            return FetchResponse.partitionResponse(index, Errors.KAFKA_STORAGE_ERROR);
        }
    }
}
