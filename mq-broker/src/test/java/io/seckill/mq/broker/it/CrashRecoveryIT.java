package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker child process killed with SIGKILL loses no acknowledged record and cuts a corrupt tail cleanly. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {

    private record Acked(int partition, long offset, String value) {
    }

    @Test
    void everyRecordAcknowledgedWithAcksAllSurvivesSigkill(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = new BrokerProcess(dir.resolve("data"), "sync").start()) {
            String topic = "crash";
            BrokerClients.createTopic(broker.bootstrapServers(), topic, 3);
            ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(broker.bootstrapServers(), Map.of(
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 2,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000));
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String value = "value-" + i;
                    try {
                        producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)), (md, error) -> {
                            if (error == null) {
                                acked.add(new Acked(md.partition(), md.offset(), value));
                            }
                        });
                    } catch (RuntimeException e) {
                        return;
                    }
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acked.size() < 50_000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            broker.kill();
            stop.set(true);
            sender.join(30_000);
            producer.close(Duration.ofSeconds(10));
            assertThat(acked).as("records acknowledged before the kill").hasSizeGreaterThan(1_000);

            broker.start();
            assertThat(broker.health().body()).contains("\"recoveredUncleanShutdown\":true");
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> stored =
                    BrokerClients.readAll(broker.bootstrapServers(), topic, 3);
            for (List<ConsumerRecord<byte[], byte[]>> records : stored.values()) {
                for (int i = 0; i < records.size(); i++) {
                    assertThat(records.get(i).offset()).as("offsets are contiguous").isEqualTo(i);
                }
            }
            for (Acked record : acked) {
                List<ConsumerRecord<byte[], byte[]>> partition = stored.get(new TopicPartition(topic, record.partition()));
                assertThat(record.offset()).isLessThan(partition.size());
                assertThat(new String(partition.get((int) record.offset()).value(), StandardCharsets.UTF_8))
                        .isEqualTo(record.value());
            }
        }
    }

    @Test
    void truncatedAndBitFlippedTailIsCutAtTheLastValidBatch(@TempDir Path dir) throws Exception {
        String topic = "torn";
        int batches = 200;
        try (BrokerProcess broker = new BrokerProcess(dir.resolve("data"), "sync").start()) {
            BrokerClients.createTopic(broker.bootstrapServers(), topic, 1);
            try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(broker.bootstrapServers(),
                    Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                for (int i = 0; i < batches; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
                }
            }
            broker.kill();

            File segment = lastSegment(dir.resolve("data").resolve(topic + "-0"));
            List<long[]> positions = batchPositions(segment); // [position, baseOffset]
            assertThat(positions).hasSize(batches);
            long[] last = positions.get(batches - 1);
            long[] secondLast = positions.get(batches - 2);
            try (RandomAccessFile file = new RandomAccessFile(segment, "rw")) {
                file.setLength(last[0] + 30);                  // torn write inside the last batch
                long flip = secondLast[0] + 61 + 2;            // a byte inside the record data of the batch before
                file.seek(flip);
                int original = file.read();
                file.seek(flip);
                file.write(original ^ 0x5A);
            }

            broker.start();
            List<ConsumerRecord<byte[], byte[]>> stored = BrokerClients.readAll(broker.bootstrapServers(), topic, 1)
                    .get(new TopicPartition(topic, 0));
            assertThat(stored).hasSize(batches - 2);
            for (int i = 0; i < stored.size(); i++) {
                assertThat(stored.get(i).offset()).isEqualTo(i);
                assertThat(new String(stored.get(i).value(), StandardCharsets.UTF_8)).isEqualTo("v" + i);
            }
            try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(broker.bootstrapServers(),
                    Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                long offset = producer.send(new ProducerRecord<>(topic, 0, null, "after".getBytes())).get().offset();
                assertThat(offset).as("appends continue right after the cut").isEqualTo(batches - 2);
            }
        }
    }

    static File lastSegment(Path partitionDir) throws Exception {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted()
                    .reduce((a, b) -> b).orElseThrow().toFile();
        }
    }

    static List<long[]> batchPositions(File segment) throws Exception {
        List<long[]> positions = new ArrayList<>();
        try (FileRecords records = FileRecords.open(segment, false)) {
            int position = 0;
            for (FileChannelRecordBatch batch : records.batches()) {
                positions.add(new long[]{position, batch.baseOffset()});
                position += batch.sizeInBytes();
            }
        }
        return positions;
    }
}
