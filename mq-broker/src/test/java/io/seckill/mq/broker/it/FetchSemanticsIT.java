package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerExtension;
import io.seckill.mq.broker.testing.RawKafkaConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Fetch semantics seen on the wire: long polling, byte limits, whole batches, in-order responses. */
@ExtendWith(BrokerExtension.class)
class FetchSemanticsIT {

    private static final short FETCH_VERSION = 12;

    @Test
    void longPollWaitsForDataAndLaterRequestsOnTheConnectionAreAnsweredInOrder() throws Exception {
        String topic = BrokerExtension.uniqueTopic("longpoll");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), topic, 1);
        try (RawKafkaConnection connection = new RawKafkaConnection(BrokerExtension.broker().port(), 30_000)) {
            connection.sendRaw(RawKafkaConnection.frame(fetch(Map.of(new TopicPartition(topic, 0), 0L), 1, 1024 * 1024,
                    30_000), FETCH_VERSION, 1));
            connection.sendRaw(RawKafkaConnection.frame(new ApiVersionsRequest.Builder(), (short) 3, 2));
            Thread.sleep(500);
            assertThat(connection.available()).as("nothing is answered while the fetch waits for data").isZero();

            try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(BrokerExtension.bootstrapServers(),
                    Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                producer.send(new ProducerRecord<>(topic, "wake".getBytes(StandardCharsets.UTF_8))).get();
            }
            ByteBuffer first = connection.readFrame().orElseThrow();
            ByteBuffer second = connection.readFrame().orElseThrow();
            assertThat(first.getInt(0)).as("the fetch is answered first").isEqualTo(1);
            assertThat(second.getInt(0)).isEqualTo(2);
            FetchResponseData data = parseFetch(first);
            assertThat(values(data)).containsExactly("wake");
        }
    }

    @Test
    void fetchWithNothingNewAnswersEmptyAfterMaxWait() throws Exception {
        String topic = BrokerExtension.uniqueTopic("timeout");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), topic, 1);
        try (RawKafkaConnection connection = new RawKafkaConnection(BrokerExtension.broker().port(), 30_000)) {
            FetchResponse response = (FetchResponse) connection.roundTrip(
                    fetch(Map.of(new TopicPartition(topic, 0), 0L), 1, 1024 * 1024, 200), FETCH_VERSION);
            FetchResponseData.PartitionData partition = response.data().responses().getFirst().partitions().getFirst();
            assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(partition.records().sizeInBytes()).isZero();
            assertThat(partition.highWatermark()).isZero();
        }
    }

    @Test
    void fetchInsideABatchReturnsTheWholeBatchAndByteLimitsKeepWholeBatches() throws Exception {
        String topic = BrokerExtension.uniqueTopic("limits");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(BrokerExtension.bootstrapServers(),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 50, ProducerConfig.BATCH_SIZE_CONFIG, 1_000_000))) {
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("p" + p + "-" + i).getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
        }
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (RawKafkaConnection connection = new RawKafkaConnection(BrokerExtension.broker().port(), 30_000)) {
            FetchResponse inside = (FetchResponse) connection.roundTrip(fetch(Map.of(p0, 4L), 1, 1024 * 1024, 0),
                    FETCH_VERSION);
            List<RecordBatch> batches = batches(inside.data().responses().getFirst().partitions().getFirst());
            assertThat(batches).hasSize(1);
            assertThat(batches.getFirst().baseOffset()).as("the batch holding offset 4 starts before it").isZero();
            assertThat(batches.getFirst().lastOffset()).isEqualTo(9);

            // Limits of 1 byte: the first partition still returns one whole batch (a consumer must always be
            // able to make progress), and nothing is left of the response limit for the second partition.
            LinkedHashMap<TopicPartition, Long> both = new LinkedHashMap<>();
            both.put(p0, 0L);
            both.put(p1, 0L);
            FetchRequest.Builder tiny = fetch(both, 1, 1, 0);
            tiny.setMaxBytes(1);
            FetchResponse limited = (FetchResponse) connection.roundTrip(tiny, FETCH_VERSION);
            List<FetchResponseData.PartitionData> partitions = limited.data().responses().getFirst().partitions();
            assertThat(batches(partitions.get(0))).as("the first partition returns one whole batch").hasSize(1);
            assertThat(partitions.get(1).records().sizeInBytes()).as("nothing fits the response limit after it").isZero();
            assertThat(partitions.get(1).highWatermark()).isEqualTo(10);
        }
    }

    @Test
    void fetchOutsideTheLogAnswersOffsetOutOfRange() throws Exception {
        String topic = BrokerExtension.uniqueTopic("range");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), topic, 1);
        try (RawKafkaConnection connection = new RawKafkaConnection(BrokerExtension.broker().port(), 30_000)) {
            FetchResponse response = (FetchResponse) connection.roundTrip(
                    fetch(Map.of(new TopicPartition(topic, 0), 42L), 1, 1024, 0), FETCH_VERSION);
            assertThat(response.data().responses().getFirst().partitions().getFirst().errorCode())
                    .isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        }
    }

    private static FetchRequest.Builder fetch(Map<TopicPartition, Long> offsets, int minBytes, int partitionMaxBytes,
                                              int maxWaitMs) {
        Map<TopicPartition, FetchRequest.PartitionData> data = new LinkedHashMap<>();
        offsets.forEach((tp, offset) -> data.put(tp, new FetchRequest.PartitionData(Uuid.ZERO_UUID, offset, -1,
                partitionMaxBytes, Optional.empty())));
        return FetchRequest.Builder.forConsumer(FETCH_VERSION, maxWaitMs, minBytes, data);
    }

    private static FetchResponseData parseFetch(ByteBuffer frame) {
        ResponseHeader.parse(frame, ApiKeys.FETCH.responseHeaderVersion(FETCH_VERSION));
        return FetchResponse.parse(new ByteBufferAccessor(frame), FETCH_VERSION).data();
    }

    private static List<RecordBatch> batches(FetchResponseData.PartitionData partition) {
        List<RecordBatch> batches = new ArrayList<>();
        FetchResponse.recordsOrFail(partition).batches().forEach(batches::add);
        return batches;
    }

    private static List<String> values(FetchResponseData data) {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : batches(data.responses().getFirst().partitions().getFirst())) {
            batch.forEach(record -> values.add(StandardCharsets.UTF_8.decode(record.value()).toString()));
        }
        return values;
    }
}
