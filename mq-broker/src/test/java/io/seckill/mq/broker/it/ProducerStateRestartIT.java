package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idempotent producer keeps sending across a broker restart (graceful or SIGKILL): the broker
 * still knows its sequence numbers, so retried batches are deduplicated and new ones accepted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProducerStateRestartIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sigterm", "sigkill"})
    void idempotentProducerContinuesExactlyOnceAcrossARestart(String stop, @TempDir Path dir) throws Exception {
        String topic = "restart";
        try (BrokerProcess broker = new BrokerProcess(dir.resolve("data"), "sync").start()) {
            BrokerClients.createTopic(broker.bootstrapServers(), topic, 2);
            List<Future<RecordMetadata>> futures = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean sending = new AtomicBoolean(true);
            try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(broker.bootstrapServers(), Map.of(
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {
                // one producer sends without pause before, during and after the restart
                Thread sender = Thread.ofPlatform().start(() -> {
                    for (int i = 0; sending.get(); i++) {
                        futures.add(producer.send(new ProducerRecord<>(topic, value(i))));
                    }
                });
                while (futures.size() < 5_000) {
                    Thread.sleep(10);
                }
                long unacknowledgedAtStop = List.copyOf(futures).stream().filter(f -> !f.isDone()).count();
                if (stop.equals("sigterm")) {
                    broker.terminate();
                } else {
                    broker.kill();
                }
                broker.start();
                int sentBeforeRestart = futures.size();
                while (futures.size() < sentBeforeRestart + 5_000) {
                    Thread.sleep(10);
                }
                sending.set(false);
                sender.join();
                producer.flush();
                System.out.printf("%s: %d records were not yet acknowledged when the broker stopped%n", stop,
                        unacknowledgedAtStop);
            }
            for (Future<RecordMetadata> future : futures) {
                future.get();
            }
            Map<String, Integer> copies = new HashMap<>();
            for (List<ConsumerRecord<byte[], byte[]>> records : BrokerClients.readAll(broker.bootstrapServers(), topic, 2)
                    .values()) {
                records.forEach(r -> copies.merge(new String(r.value(), StandardCharsets.UTF_8), 1, Integer::sum));
            }
            assertThat(copies).hasSize(futures.size());
            assertThat(copies.values()).allMatch(n -> n == 1);
        }
    }

    private static byte[] value(int i) {
        return ("v" + i).getBytes(StandardCharsets.UTF_8);
    }
}
