package io.seckill.bench;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency at a fixed send rate: a producer sends records at {@code --rate} per second
 * (each carrying its send time), an assigned consumer in the same JVM reads them, and the
 * produce-to-consume delay is recorded in an HdrHistogram after a warm-up. Unlike Kafka's
 * EndToEndLatency (one record at a time), this shows latency under a steady load.
 */
@Command(name = "fixed-rate-latency", mixinStandardHelpOptions = true,
        description = "Produce at a fixed rate and measure produce-to-consume latency.")
public final class FixedRateLatency implements Callable<Integer> {

    @Option(names = "--bootstrap-server", required = true)
    private String bootstrap;
    @Option(names = "--topic", required = true)
    private String topic;
    @Option(names = "--partitions", defaultValue = "6")
    private int partitions;
    @Option(names = "--rate", defaultValue = "5000", description = "records per second")
    private int rate;
    @Option(names = "--duration-s", defaultValue = "30", description = "measured seconds")
    private int durationSeconds;
    @Option(names = "--warmup-s", defaultValue = "10", description = "unmeasured seconds first")
    private int warmupSeconds;
    @Option(names = "--record-size", defaultValue = "100")
    private int recordSize;
    @Option(names = "--acks", defaultValue = "all")
    private String acks;

    private final Histogram latencyMicros = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    private final AtomicBoolean measuring = new AtomicBoolean();
    /** Records sent before this instant belong to the warm-up and are not measured. */
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private final AtomicBoolean running = new AtomicBoolean(true);

    @Override
    public Integer call() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        Thread consumer = Thread.ofPlatform().name("consumer").start(this::consume);
        Thread.sleep(2_000); // let the consumer position itself at the end
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", acks, "linger.ms", 0), new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, warmupSeconds);
            synchronized (latencyMicros) {
                latencyMicros.reset();
            }
            measureFromNanos = System.nanoTime();
            measuring.set(true);
            long sent = send(producer, durationSeconds);
            producer.flush();
            Thread.sleep(2_000);
            measuring.set(false);
            running.set(false);
            consumer.join();
            report(sent);
        }
        return 0;
    }

    /** Sends at the fixed rate for the given seconds, pacing by an absolute schedule (no drift). */
    private long send(KafkaProducer<byte[], byte[]> producer, int seconds) {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            byte[] value = new byte[Math.max(8, recordSize)];
            ByteBuffer.wrap(value).putLong(System.nanoTime());
            producer.send(new ProducerRecord<>(topic, value));
        }
        return total;
    }

    private void consume() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "enable.auto.commit", false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assignment = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assignment.add(new TopicPartition(topic, p));
            }
            consumer.assign(assignment);
            consumer.seekToEnd(assignment);
            assignment.forEach(consumer::position);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long sentNanos = ByteBuffer.wrap(record.value()).getLong();
                    long micros = (System.nanoTime() - sentNanos) / 1_000;
                    if (measuring.get() && sentNanos >= measureFromNanos) {
                        synchronized (latencyMicros) {
                            latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
                        }
                    }
                }
            }
        }
    }

    private void report(long sent) {
        synchronized (latencyMicros) {
            System.out.printf("sent %d records at %d/s, measured %d; latency ms: avg %.3f p50 %.3f p99 %.3f p99.9 %.3f max %.3f%n",
                    sent, rate, latencyMicros.getTotalCount(), latencyMicros.getMean() / 1000.0,
                    latencyMicros.getValueAtPercentile(50) / 1000.0, latencyMicros.getValueAtPercentile(99) / 1000.0,
                    latencyMicros.getValueAtPercentile(99.9) / 1000.0, latencyMicros.getMaxValue() / 1000.0);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FixedRateLatency()).execute(args));
    }
}
