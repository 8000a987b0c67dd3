package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.log.PartitionLog;
import io.seckill.mq.broker.metadata.TopicService;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets: earliest, latest (the high watermark: what a consumer can read), max timestamp,
 * and the first offset whose timestamp is at or after a given time. There is no tiered storage,
 * so "earliest local" equals earliest and "latest tiered" is unknown (-1), as in Apache Kafka
 * with remote storage disabled.
 */
final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequest> {

    private static final int LEADER_EPOCH = 0;

    private final TopicService topics;

    ListOffsetsHandler(TopicService topics) {
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, ListOffsetsRequest request) {
        ListOffsetsResponseData data = new ListOffsetsResponseData();
        Set<TopicPartition> seen = new HashSet<>();
        for (ListOffsetsTopic topic : request.data().topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsPartition partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                ListOffsetsPartitionResponse response = seen.add(tp)
                        ? lookUp(tp, partition.timestamp())
                        : error(tp.partition(), Errors.INVALID_REQUEST);
                topicResponse.partitions().add(response);
            }
            data.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(new ListOffsetsResponse(data));
    }

    private ListOffsetsPartitionResponse lookUp(TopicPartition tp, long timestamp) {
        Optional<PartitionLog> found = topics.partition(tp);
        if (found.isEmpty()) {
            return error(tp.partition(), Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        PartitionLog partitionLog = found.get();
        try {
            if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
                return offset(tp.partition(), ListOffsetsResponse.UNKNOWN_TIMESTAMP, partitionLog.logStartOffset());
            }
            if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
                return offset(tp.partition(), ListOffsetsResponse.UNKNOWN_TIMESTAMP, partitionLog.highWatermark());
            }
            if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
                return found(tp.partition(), partitionLog.offsetOfMaxTimestamp());
            }
            if (timestamp < 0) {
                return offset(tp.partition(), ListOffsetsResponse.UNKNOWN_TIMESTAMP, ListOffsetsResponse.UNKNOWN_OFFSET)
                        .setLeaderEpoch(ListOffsetsResponse.UNKNOWN_EPOCH);
            }
            return found(tp.partition(), partitionLog.offsetForTimestamp(timestamp));
        } catch (ApiException e) {
            return error(tp.partition(), Errors.forException(e));
        }
    }

    private static ListOffsetsPartitionResponse found(int partition, Optional<TimestampAndOffset> result) {
        return result.map(r -> offset(partition, r.timestamp, r.offset))
                .orElseGet(() -> offset(partition, ListOffsetsResponse.UNKNOWN_TIMESTAMP, ListOffsetsResponse.UNKNOWN_OFFSET)
                        .setLeaderEpoch(ListOffsetsResponse.UNKNOWN_EPOCH));
    }

    private static ListOffsetsPartitionResponse offset(int partition, long timestamp, long offset) {
        return new ListOffsetsPartitionResponse().setPartitionIndex(partition).setErrorCode(Errors.NONE.code())
                .setTimestamp(timestamp).setOffset(offset).setLeaderEpoch(LEADER_EPOCH);
    }

    private static ListOffsetsPartitionResponse error(int partition, Errors error) {
        return new ListOffsetsPartitionResponse().setPartitionIndex(partition).setErrorCode(error.code())
                .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP).setOffset(ListOffsetsResponse.UNKNOWN_OFFSET)
                .setLeaderEpoch(ListOffsetsResponse.UNKNOWN_EPOCH);
    }
}
