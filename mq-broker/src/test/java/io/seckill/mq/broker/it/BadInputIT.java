package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerExtension;
import io.seckill.mq.broker.testing.RawKafkaConnection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;

import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input never crashes the broker or changes stored data: the offending connection gets
 * an error response or is closed, and every other client keeps being served.
 */
@ExtendWith(BrokerExtension.class)
class BadInputIT {

    private static final String REFERENCE = BrokerExtension.uniqueTopic("reference");
    private static final int REFERENCE_COUNT = 500;

    @BeforeAll
    static void writeReferenceData() throws Exception {
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), REFERENCE, 2);
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(BrokerExtension.bootstrapServers(),
                Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < REFERENCE_COUNT; i++) {
                producer.send(new ProducerRecord<>(REFERENCE, i % 2, null, ("ref-" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static int port() {
        return BrokerExtension.broker().port();
    }

    @Test
    void randomBytesCloseOnlyThatConnection() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[1 + random.nextInt(2048)];
            random.nextBytes(garbage);
            try (RawKafkaConnection connection = new RawKafkaConnection(port(), 10_000)) {
                sendIgnoringReset(connection, garbage);
                connection.shutdownOutput();
                assertThat(connection.closedByBroker()).isTrue();
            }
        }
        assertBrokerStillServesUnchangedData();
    }

    @Test
    void hugeOrNegativeLengthPrefixClosesTheConnection() throws Exception {
        for (int length : new int[]{Integer.MAX_VALUE, 200 * 1024 * 1024, -1, Integer.MIN_VALUE}) {
            try (RawKafkaConnection connection = new RawKafkaConnection(port(), 10_000)) {
                sendIgnoringReset(connection, ByteBuffer.allocate(16).putInt(length).putLong(42).array());
                assertThat(connection.closedByBroker()).as("length %d", length).isTrue();
            }
        }
        assertBrokerStillServesUnchangedData();
    }

    @Test
    void unknownApiKeyAndUnparsableVersionCloseTheConnection() throws Exception {
        byte[] validMetadata = RawKafkaConnection.frame(MetadataRequest.Builder.allTopics(), (short) 12, 1);
        byte[] unknownKey = validMetadata.clone();
        ByteBuffer.wrap(unknownKey).putShort(4, (short) 9999);
        byte[] futureVersion = validMetadata.clone();
        ByteBuffer.wrap(futureVersion).putShort(6, (short) 999);
        for (byte[] frame : List.of(unknownKey, futureVersion)) {
            try (RawKafkaConnection connection = new RawKafkaConnection(port(), 10_000)) {
                sendIgnoringReset(connection, frame);
                assertThat(connection.closedByBroker()).isTrue();
            }
        }
        assertBrokerStillServesUnchangedData();
    }

    @Test
    void apiVersionsOfAnUnknownVersionIsAnsweredWithTheSupportedList() throws Exception {
        byte[] frame = RawKafkaConnection.frame(new ApiVersionsRequest.Builder(), (short) 3, 5);
        ByteBuffer.wrap(frame).putShort(6, (short) 99);
        try (RawKafkaConnection connection = new RawKafkaConnection(port(), 10_000)) {
            connection.sendRaw(frame);
            ByteBuffer response = connection.readFrame().orElseThrow();
            assertThat(response.getInt()).isEqualTo(5); // correlation id; v0 header has no tagged fields
            ApiVersionsResponseData data = ApiVersionsResponse.parse(
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(response), (short) 0).data();
            assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(data.apiKeys().find(ApiKeys.PRODUCE.id)).isNotNull();
            assertThat(data.apiKeys().find(ApiKeys.DELETE_RECORDS.id)).as("only what is implemented").isNull();
        }
    }

    @Test
    void anApiThatIsNotImplementedGetsAnErrorCodeAndTheConnectionStaysUsable() throws Exception {
        DeleteRecordsRequestData data = new DeleteRecordsRequestData().setTimeoutMs(1000);
        data.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName(REFERENCE)
                .setPartitions(List.of(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(5))));
        try (RawKafkaConnection connection = new RawKafkaConnection(port(), 10_000)) {
            AbstractResponse response = connection.roundTrip(new DeleteRecordsRequest.Builder(data), (short) 2);
            assertThat(((DeleteRecordsResponse) response).errorCounts()).containsKey(Errors.UNSUPPORTED_VERSION);
            AbstractResponse versions = connection.roundTrip(new ApiVersionsRequest.Builder(), (short) 3);
            assertThat(versions.errorCounts()).containsOnlyKeys(Errors.NONE);
        }
        assertBrokerStillServesUnchangedData();
    }

    @Test
    void truncatedFrameDoesNotHangOrHarmTheBroker() throws Exception {
        byte[] frame = RawKafkaConnection.frame(MetadataRequest.Builder.allTopics(), (short) 12, 1);
        try (RawKafkaConnection connection = new RawKafkaConnection(port(), 10_000)) {
            connection.sendRaw(java.util.Arrays.copyOf(frame, frame.length / 2));
            connection.shutdownOutput();
            assertThat(connection.closedByBroker()).isTrue();
        }
        assertBrokerStillServesUnchangedData();
    }

    @Test
    void batchWithWrongCrcIsRejectedAndNothingIsAppended() throws Exception {
        String topic = BrokerExtension.uniqueTopic("crc");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), topic, 1);
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord("k".getBytes(), "a value long enough to corrupt".getBytes()));
        ByteBuffer corrupted = records.buffer();
        corrupted.put(70, (byte) (corrupted.get(70) ^ 0xFF));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(MemoryRecords.readableRecords(corrupted)))));
        try (RawKafkaConnection connection = new RawKafkaConnection(port(), 10_000)) {
            ProduceResponse response = (ProduceResponse) connection.roundTrip(ProduceRequest.builder(data), (short) 11);
            assertThat(response.errorCounts()).containsOnlyKeys(Errors.CORRUPT_MESSAGE);
        }
        assertThat(BrokerExtension.broker().topics().partition(new TopicPartition(topic, 0)).orElseThrow().logEndOffset())
                .isZero();
        assertBrokerStillServesUnchangedData();
    }

    @Test
    void thousandsOfMutatedValidFramesNeverBreakTheBroker() throws Exception {
        String fuzzTopic = BrokerExtension.uniqueTopic("fuzz");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), fuzzTopic, 2);
        List<byte[]> corpus = corpus(fuzzTopic);
        Random random = new Random(20261125);
        int answered = 0;
        int closed = 0;
        int silent = 0;
        RawKafkaConnection connection = new RawKafkaConnection(port(), 3_000);
        try {
            for (int i = 0; i < 3_000; i++) {
                byte[] frame = mutate(corpus.get(random.nextInt(corpus.size())), random);
                boolean alive = sendIgnoringReset(connection, frame);
                Optional<ByteBuffer> response;
                try {
                    response = alive ? readOrClosed(connection) : Optional.empty();
                } catch (SocketTimeoutException e) {
                    // legitimately silent: e.g. a produce whose acks field became 0
                    silent++;
                    connection.close();
                    connection = new RawKafkaConnection(port(), 3_000);
                    continue;
                }
                if (response.isPresent()) {
                    answered++;
                } else {
                    closed++;
                    connection.close();
                    connection = new RawKafkaConnection(port(), 3_000);
                }
            }
        } finally {
            connection.close();
        }
        System.out.printf("fuzz: of 3000 mutated frames %d were answered, %d closed the connection, %d got no answer%n",
                answered, closed, silent);
        assertThat(answered).as("most mutations still parse and are answered with error codes").isGreaterThan(300);
        assertThat(silent).as("frames left unanswered (only acks=0 produce may be)").isLessThan(30);
        assertBrokerStillServesUnchangedData();
    }

    /** Valid frames of every implemented API except those that could delete or wait (DeleteTopics, Fetch). */
    private static List<byte[]> corpus(String topic) {
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(RawKafkaConnection.frame(new ApiVersionsRequest.Builder(), (short) 3, 1));
        corpus.add(RawKafkaConnection.frame(MetadataRequest.Builder.allTopics(), (short) 12, 2));
        corpus.add(RawKafkaConnection.frame(new MetadataRequest.Builder(List.of(topic), false), (short) 9, 3));
        corpus.add(RawKafkaConnection.frame(ListOffsetsRequest.Builder.forConsumer(false,
                        org.apache.kafka.common.IsolationLevel.READ_UNCOMMITTED)
                .setTargetTimes(List.of(new org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic()
                        .setName(topic).setPartitions(List.of(new org.apache.kafka.common.message.ListOffsetsRequestData
                                .ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1))))), (short) 8, 4));
        corpus.add(RawKafkaConnection.frame(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(1000).setProducerId(-1).setProducerEpoch((short) -1)), (short) 4, 5));
        corpus.add(RawKafkaConnection.frame(new DescribeConfigsRequest.Builder(new DescribeConfigsRequestData()
                .setResources(List.of(new DescribeConfigsRequestData.DescribeConfigsResource()
                        .setResourceType((byte) 2).setResourceName(topic)))), (short) 4, 6));
        CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(1000).setValidateOnly(true);
        create.topics().add(new CreateTopicsRequestData.CreatableTopic().setName(topic + "-new").setNumPartitions(1)
                .setReplicationFactor((short) 1));
        corpus.add(RawKafkaConnection.frame(new CreateTopicsRequest.Builder(create), (short) 7, 7));
        for (String compression : List.of("none", "lz4", "gzip")) {
            Compression codec = compression.equals("none") ? Compression.NONE
                    : compression.equals("lz4") ? Compression.lz4().build() : Compression.gzip().build();
            MemoryRecords records = MemoryRecords.withRecords(codec, new SimpleRecord("k".getBytes(), "v1".getBytes()),
                    new SimpleRecord(null, "v2".getBytes()));
            ProduceRequestData produce = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
            produce.topicData().add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                    new ProduceRequestData.PartitionProduceData().setIndex(1).setRecords(records))));
            corpus.add(RawKafkaConnection.frame(ProduceRequest.builder(produce), (short) 11, 8));
        }
        return corpus;
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] frame = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> { // flip 1-4 bytes after the length prefix
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    int at = 4 + random.nextInt(frame.length - 4);
                    frame[at] = (byte) random.nextInt(256);
                }
            }
            case 1 -> { // cut the body short, keeping a consistent length prefix
                int keep = 4 + random.nextInt(frame.length - 4);
                frame = java.util.Arrays.copyOf(frame, keep);
                ByteBuffer.wrap(frame).putInt(keep - 4);
            }
            case 2 -> { // append junk, keeping a consistent length prefix
                byte[] junk = new byte[1 + random.nextInt(64)];
                random.nextBytes(junk);
                byte[] longer = java.util.Arrays.copyOf(frame, frame.length + junk.length);
                System.arraycopy(junk, 0, longer, frame.length, junk.length);
                ByteBuffer.wrap(longer).putInt(longer.length - 4);
                frame = longer;
            }
            default -> { // overwrite a 2- or 4-byte field with an extreme value
                int at = 4 + random.nextInt(Math.max(1, frame.length - 8));
                int[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7FFF, 0x8000};
                ByteBuffer.wrap(frame).putInt(at, extremes[random.nextInt(extremes.length)]);
            }
        }
        return frame;
    }

    private static Optional<ByteBuffer> readOrClosed(RawKafkaConnection connection) throws IOException {
        try {
            return connection.readFrame();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    /** Writes; false when the broker already closed the connection (a reset while writing). */
    private static boolean sendIgnoringReset(RawKafkaConnection connection, byte[] bytes) throws IOException {
        try {
            connection.sendRaw(bytes);
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    private static void assertBrokerStillServesUnchangedData() throws Exception {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> stored =
                BrokerClients.readAll(BrokerExtension.bootstrapServers(), REFERENCE, 2);
        List<String> values = new ArrayList<>();
        stored.values().forEach(records -> records.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8))));
        assertThat(values).hasSize(REFERENCE_COUNT);
        for (int i = 0; i < REFERENCE_COUNT; i++) {
            assertThat(stored.get(new TopicPartition(REFERENCE, i % 2)).get(i / 2).value())
                    .isEqualTo(("ref-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

}
