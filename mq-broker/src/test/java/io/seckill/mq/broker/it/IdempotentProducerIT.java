package io.seckill.mq.broker.it;

import io.seckill.mq.broker.MqBroker;
import io.seckill.mq.broker.config.BrokerConfig;
import io.seckill.mq.broker.config.CoordinatorSettings;
import io.seckill.mq.broker.testing.ReplayingProxy;
import io.seckill.mq.broker.testing.TestFiles;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idempotent producer whose Produce requests reach the broker twice (replayed on the wire, or
 * retried after a lost response) leaves exactly one copy of each record.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdempotentProducerIT {

    @ParameterizedTest
    @EnumSource(ReplayingProxy.Mode.class)
    void duplicatedProduceRequestsLeaveExactlyOneCopyOfEachRecord(ReplayingProxy.Mode mode, @TempDir Path dir)
            throws Exception {
        AtomicReference<MqBroker> broker = new AtomicReference<>();
        int maxTampered = mode == ReplayingProxy.Mode.DUPLICATE_REQUEST ? 200 : 3;
        try (ReplayingProxy proxy = new ReplayingProxy(TestFiles.freePort(), () -> broker.get().port(), mode, 3,
                maxTampered)) {
            // Without the half/delay coordinator, whose own traffic would go through the tampering proxy too.
            broker.set(MqBroker.start(BrokerConfig.defaults().withEndpoints(0, -1, dir).withAdvertisedPort(proxy.port())
                    .withCoordinator(CoordinatorSettings.defaults().withEnabled(false))));
            try (MqBroker ignored = broker.get()) {
                String bootstrap = "127.0.0.1:" + proxy.port();
                String topic = "replayed";
                BrokerClients.createTopic(bootstrap, topic, 3);
                int count = 30_000;
                List<Future<RecordMetadata>> futures = new ArrayList<>(count);
                Map<String, Object> config = new HashMap<>(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 4096,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                        ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50));
                try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(bootstrap, config)) {
                    for (int i = 0; i < count; i++) {
                        futures.add(producer.send(new ProducerRecord<>(topic, ("r" + i).getBytes(StandardCharsets.UTF_8))));
                    }
                    producer.flush();
                }
                for (Future<RecordMetadata> future : futures) {
                    future.get();
                }
                System.out.printf("%s: the proxy tampered with %d produce requests%n", mode, proxy.tampered());
                assertThat(proxy.tampered()).as("requests the proxy tampered with").isGreaterThanOrEqualTo(
                        Math.min(maxTampered, 3));

                Map<String, Integer> copies = new HashMap<>();
                for (List<ConsumerRecord<byte[], byte[]>> records : BrokerClients.readAll(bootstrap, topic, 3).values()) {
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        copies.merge(new String(record.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                    }
                }
                assertThat(copies).hasSize(count);
                assertThat(copies.values()).allMatch(n -> n == 1);
            }
        }
    }
}
