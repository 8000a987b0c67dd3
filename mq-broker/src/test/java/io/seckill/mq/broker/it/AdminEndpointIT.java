package io.seckill.mq.broker.it;

import io.seckill.mq.broker.MqBroker;
import io.seckill.mq.broker.config.BrokerConfigLoader;
import io.seckill.mq.broker.metadata.TopicMetadata;
import io.seckill.mq.broker.testing.BrokerExtension;
import io.seckill.mq.client.MqContract;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator surface: /health, /metrics, topic auto-creation rules and size limits. */
@ExtendWith(BrokerExtension.class)
class AdminEndpointIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndPrometheusMetricsCoverTrafficLatencyLogsAndDisk() throws Exception {
        String topic = BrokerExtension.uniqueTopic("metrics");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(BrokerExtension.bootstrapServers(), Map.of())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, ("m" + i).getBytes()));
            }
        }
        BrokerClients.readAll(BrokerExtension.bootstrapServers(), topic, 2);
        int adminPort = BrokerExtension.broker().adminPort();

        HttpResponse<String> health = get(adminPort, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");

        HttpResponse<String> metrics = get(adminPort, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("mq_network_bytes_in_bytes_total", "mq_network_bytes_out_bytes_total")
                .contains("mq_requests_total{api=\"Produce\",error=\"NONE\"")
                .contains("mq_request_latency_seconds_bucket{api=\"Produce\"", "mq_request_latency_seconds_bucket{api=\"Fetch\"")
                .contains("mq_log_end_offset{partition=\"0\",topic=\"" + topic + "\"}")
                .contains("mq_log_disk_usage_bytes");
        assertThat(get(adminPort, "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void topicsAreAutoCreatedOnlyWhenBothTheClientAndTheBrokerAllowIt(@TempDir Path dir) throws Exception {
        String wanted = BrokerExtension.uniqueTopic("auto");
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(BrokerExtension.bootstrapServers(), Map.of())) {
            producer.send(new ProducerRecord<>(wanted, "x".getBytes())).get();
        }
        String notWanted = BrokerExtension.uniqueTopic("no-auto");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BrokerExtension.bootstrapServers(),
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            assertThat(consumer.partitionsFor(notWanted, Duration.ofSeconds(2))).isEmpty();
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BrokerExtension.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains(wanted).doesNotContain(notWanted);
        }

        try (MqBroker strict = MqBroker.start(BrokerConfigLoader.load(null, Map.of(), Map.of(
                "port", "0", "admin.port", "-1", "data.dir", dir.toString(), "auto.create.topics.enable", "false")))) {
            String bootstrap = "127.0.0.1:" + strict.port();
            try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(bootstrap,
                    Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_500))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("anything", "x".getBytes())).get())
                        .hasMessageContaining("not present in metadata");
            }
            // Only the broker's own topics: the group offsets and the half/delay coordinator's.
            assertThat(strict.topics().registry().topics()).extracting(TopicMetadata::name)
                    .filteredOn(name -> !MqContract.Topics.isInternal(name))
                    .containsOnly(Topic.GROUP_METADATA_TOPIC_NAME);
        }
    }

    @Test
    void batchesAboveMaxMessageBytesAreRefused() throws Exception {
        String topic = BrokerExtension.uniqueTopic("big");
        BrokerClients.createTopic(BrokerExtension.bootstrapServers(), topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(BrokerExtension.bootstrapServers(),
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024, ProducerConfig.RETRIES_CONFIG, 0))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, new byte[2 * 1024 * 1024])).get())
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            producer.send(new ProducerRecord<>(topic, new byte[512 * 1024])).get();
        }
        assertThat(BrokerClients.readAll(BrokerExtension.bootstrapServers(), topic, 1).values().iterator().next())
                .hasSize(1);
    }

}
