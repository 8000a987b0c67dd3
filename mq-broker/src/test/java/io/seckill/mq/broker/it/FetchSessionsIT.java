package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerExtension;
import io.seckill.mq.broker.testing.RawKafkaConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Incremental fetch sessions (KIP-227) on the wire: opening, incremental requests and responses, epochs, closing. */
@ExtendWith(BrokerExtension.class)
class FetchSessionsIT {

    private static final short FETCH_VERSION = 12;

    @Test
    void aSessionAnswersOnlyThePartitionsWithNewsAndFollowsItsEpochs() throws Exception {
        String topic = BrokerExtension.uniqueTopic("session");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), topic, 3);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        TopicPartition p2 = new TopicPartition(topic, 2);
        produce(p0, "a");
        try (RawKafkaConnection connection = new RawKafkaConnection(BrokerExtension.broker().port(), 30_000)) {
            Map<TopicPartition, Long> all = new LinkedHashMap<>();
            all.put(p0, 0L);
            all.put(p1, 0L);
            all.put(p2, 0L);
            FetchResponse opened = fetch(connection, FetchMetadata.INITIAL, all, List.of(), 0);
            int session = opened.data().sessionId();
            assertThat(session).as("a full fetch with epoch 0 opens a session").isNotZero();
            assertThat(partitions(opened)).containsOnlyKeys(p0, p1, p2);
            assertThat(partitions(opened).get(p0).highWatermark()).isEqualTo(1);

            FetchResponse quiet = fetch(connection, new FetchMetadata(session, 1), Map.of(p0, 1L), List.of(), 0);
            assertThat(quiet.error()).isEqualTo(Errors.NONE);
            assertThat(partitions(quiet)).as("nothing changed since the client was told").isEmpty();

            produce(p2, "b");
            FetchResponse news = fetch(connection, new FetchMetadata(session, 2), Map.of(), List.of(), 0);
            assertThat(partitions(news)).containsOnlyKeys(p2);
            assertThat(partitions(news).get(p2).records().sizeInBytes()).isPositive();
            assertThat(news.data().sessionId()).isEqualTo(session);

            FetchResponse replayed = fetch(connection, new FetchMetadata(session, 2), Map.of(), List.of(), 0);
            assertThat(replayed.error()).isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH);

            produce(p0, "c");
            produce(p2, "d");
            FetchResponse forgot = fetch(connection, new FetchMetadata(session, 3), Map.of(), List.of(p2), 0);
            assertThat(partitions(forgot)).as("p2 was forgotten; p0 is still read from its cached offset 1")
                    .containsOnlyKeys(p0);
            assertThat(partitions(forgot).get(p0).highWatermark()).isEqualTo(2);

            FetchResponse unknown = fetch(connection, new FetchMetadata(session + 1 == 0 ? 1 : session + 1, 1),
                    Map.of(), List.of(), 0);
            assertThat(unknown.error()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);

            FetchResponse closed = fetch(connection, new FetchMetadata(session, FetchMetadata.FINAL_EPOCH),
                    Map.of(p1, 0L), List.of(), 0);
            assertThat(closed.data().sessionId()).as("a final-epoch fetch closes the session").isZero();
            assertThat(partitions(closed)).containsOnlyKeys(p1);
            assertThat(fetch(connection, new FetchMetadata(session, 4), Map.of(), List.of(), 0).error())
                    .isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
        }
    }

    @Test
    void anIncrementalFetchWaitsForDataAndReturnsOnlyThePartitionThatGotIt() throws Exception {
        String topic = BrokerExtension.uniqueTopic("session-wait");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), topic, 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (RawKafkaConnection connection = new RawKafkaConnection(BrokerExtension.broker().port(), 30_000)) {
            Map<TopicPartition, Long> all = new LinkedHashMap<>();
            all.put(p0, 0L);
            all.put(p1, 0L);
            int session = fetch(connection, FetchMetadata.INITIAL, all, List.of(), 0).data().sessionId();

            Thread producer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(300);
                    produce(p1, "late");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            FetchResponse waited = fetch(connection, new FetchMetadata(session, 1), Map.of(), List.of(), 20_000);
            producer.join();

            assertThat(partitions(waited)).containsOnlyKeys(p1);
            assertThat(partitions(waited).get(p1).records().sizeInBytes()).isPositive();
        }
    }

    private static FetchResponse fetch(RawKafkaConnection connection, FetchMetadata metadata,
                                       Map<TopicPartition, Long> offsets, List<TopicPartition> forgotten,
                                       int maxWaitMs) throws Exception {
        Map<TopicPartition, FetchRequest.PartitionData> data = new LinkedHashMap<>();
        offsets.forEach((tp, offset) -> data.put(tp, new FetchRequest.PartitionData(Uuid.ZERO_UUID, offset, -1,
                1024 * 1024, Optional.empty())));
        FetchRequest.Builder builder = FetchRequest.Builder.forConsumer(FETCH_VERSION, maxWaitMs, 1, data)
                .metadata(metadata)
                .removed(forgotten.stream().map(tp -> new TopicIdPartition(Uuid.ZERO_UUID, tp)).toList());
        return (FetchResponse) connection.roundTrip(builder, FETCH_VERSION);
    }

    private static Map<TopicPartition, FetchResponseData.PartitionData> partitions(FetchResponse response) {
        Map<TopicPartition, FetchResponseData.PartitionData> partitions = new LinkedHashMap<>();
        for (FetchResponseData.FetchableTopicResponse topic : response.data().responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                partitions.put(new TopicPartition(topic.topic(), partition.partitionIndex()), partition);
            }
        }
        return partitions;
    }

    private static void produce(TopicPartition tp, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(BrokerExtension.bootstrapServers(),
                Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null,
                    value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }
}
