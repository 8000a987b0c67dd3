package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM shuts the broker down cleanly: the next start runs no recovery and serves the same data. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GracefulShutdownIT {

    @Test
    void restartAfterSigtermNeedsNoRecoveryAndServesTheSameData(@TempDir Path dir) throws Exception {
        String topic = "graceful";
        int count = 20_000;
        try (BrokerProcess broker = new BrokerProcess(dir.resolve("data"), "async").start()) {
            BrokerClients.createTopic(broker.bootstrapServers(), topic, 4);
            try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(broker.bootstrapServers(),
                    Map.of(ProducerConfig.ACKS_CONFIG, "1"))) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(topic, ("v" + i).getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> before =
                    BrokerClients.readAll(broker.bootstrapServers(), topic, 4);

            int exitCode = broker.terminate();
            assertThat(exitCode).as("JVM exit code after SIGTERM").isIn(0, 143);
            assertThat(broker.output()).contains("mq-broker stopped cleanly");

            broker.start();
            assertThat(broker.health().body()).contains("\"recoveredUncleanShutdown\":false");
            assertThat(broker.output()).doesNotContain("recovered after an unclean shutdown");
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> after =
                    BrokerClients.readAll(broker.bootstrapServers(), topic, 4);
            Set<String> values = new HashSet<>();
            for (Map.Entry<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> partition : before.entrySet()) {
                List<ConsumerRecord<byte[], byte[]>> restarted = after.get(partition.getKey());
                assertThat(restarted).hasSameSizeAs(partition.getValue());
                for (int i = 0; i < restarted.size(); i++) {
                    assertThat(restarted.get(i).offset()).isEqualTo(partition.getValue().get(i).offset());
                    assertThat(restarted.get(i).value()).isEqualTo(partition.getValue().get(i).value());
                    values.add(new String(restarted.get(i).value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(values).hasSize(count);

            broker.kill();
            broker.start();
            assertThat(broker.health().body()).as("the flag does report unclean starts")
                    .contains("\"recoveredUncleanShutdown\":true");
        }
    }
}
