package io.seckill.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.delay.DelayedMessageSender;
import io.seckill.mq.client.delay.DelayedSendResult;
import io.seckill.mq.client.txn.LocalTransaction;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Throughput and latency of mq-client's half (transactional) messages and delayed messages against a broker whose
 * coordinator is running (mq-broker's built-in one, or the standalone coordinator next to Apache Kafka).
 *
 * <ul>
 *   <li>{@code txn}: {@code --threads} threads run {@code --transactions} transactions through
 *       {@link TransactionalMessageProducer} with a no-op local transaction that commits. An assigned consumer in
 *       the same JVM reads the target topic. Prints committed transactions/s at the producer (half message stored,
 *       local transaction run, decision sent and acknowledged), delivered/s (until the consumer has seen every
 *       message) and the latency of one {@code send} call.</li>
 *   <li>{@code delay}: {@code --messages} delayed messages with delays uniform in [{@code --min-delay-ms},
 *       {@code --max-delay-ms}] sent as fast as {@link DelayedMessageSender#sendAsync} takes them; prints scheduled/s,
 *       delivered/s over the delivery window and the lateness (consumer receive time minus due time) distribution,
 *       with the number of early deliveries (must be 0).</li>
 * </ul>
 * Each value carries a sequence number (and, for {@code txn}, the send time), so the consumer counts distinct
 * messages; a copy delivered twice (the coordinator is at-least-once) is counted as a duplicate. A warm-up phase
 * on its own topic ({@code <topic>-warmup}) runs first and is waited for before measuring. With {@code --cpu-pid
 * NAME=PID} the CPU time of other processes (and of their threads, grouped by name) is reported per phase.
 * The last line starting with {@code RESULT} holds every figure as key=value pairs for scripts.
 */
@Command(name = "half-message-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Half-message transactions/s and delayed-delivery lateness through mq-client.")
public final class HalfMessageBench implements Callable<Integer> {

    enum Mode { txn, delay }

    enum ThreadKind { virtual, platform }

    private static final String DUE_AT_HEADER = "bench-due-at";

    @Parameters(index = "0", description = "txn or delay")
    private Mode mode;
    @Option(names = "--bootstrap-server", required = true)
    private String bootstrap;
    @Option(names = "--topic", required = true, description = "target topic (created); the warm-up uses <topic>-warmup")
    private String topic;
    @Option(names = "--partitions", defaultValue = "6", description = "partitions of the target topics")
    private int partitions;
    @Option(names = "--record-size", defaultValue = "100", description = "bytes per value (min 16)")
    private int recordSize;
    @Option(names = "--linger-ms", defaultValue = "1", description = "producer linger.ms (kafka-clients 4.x default: 5)")
    private int lingerMs;
    @Option(names = "--producer-prop", paramLabel = "KEY=VALUE", description = "any other producer setting")
    private Map<String, String> producerProps = new LinkedHashMap<>();
    @Option(names = "--warmup", defaultValue = "-1",
            description = "warm-up transactions (txn, default 20000) or delayed messages (delay, default 10000, delays in [min, min+1s])")
    private int warmup;

    @Option(names = "--transactions", defaultValue = "200000", description = "txn: measured transactions")
    private int transactions;
    @Option(names = "--threads", defaultValue = "64", description = "txn: sending threads")
    private int threads;
    @Option(names = "--thread-kind", defaultValue = "virtual", description = "txn: virtual or platform threads")
    private ThreadKind threadKind;
    @Option(names = "--producer-group", defaultValue = "bench", description = "txn: producer group")
    private String producerGroup;

    @Option(names = "--messages", defaultValue = "100000", description = "delay: measured delayed messages")
    private int messages;
    @Option(names = "--min-delay-ms", defaultValue = "1000", description = "delay: shortest delay")
    private long minDelayMs;
    @Option(names = "--max-delay-ms", defaultValue = "30000", description = "delay: longest delay")
    private long maxDelayMs;
    @Option(names = "--same-due-ms", defaultValue = "0",
            description = "delay: if > 0, every message is due at the same instant, this long after the first send "
                    + "(sendAtAsync): a burst that shows the coordinator's delivery capacity")
    private long sameDueMs;

    @Option(names = "--delivery-timeout-s", defaultValue = "120",
            description = "how long to wait for deliveries after the sends (txn) or after the last due time (delay)")
    private int deliveryTimeoutSeconds;
    @Option(names = "--topic-timeout-s", defaultValue = "90",
            description = "how long to wait for the coordinator to create its internal topics")
    private int topicTimeoutSeconds;
    @Option(names = "--cpu-pid", paramLabel = "NAME=PID", description = "report the CPU time of this process too")
    private Map<String, Long> cpuPids = new LinkedHashMap<>();
    @Option(names = "--clk-tck", defaultValue = "100", description = "clock ticks per second of /proc/*/stat (getconf CLK_TCK)")
    private int clockTicks;

    private final AtomicBoolean running = new AtomicBoolean(true);

    @Override
    public Integer call() throws Exception {
        if (recordSize < 16) {
            throw new IllegalArgumentException("--record-size must be at least 16");
        }
        String warmupTopic = topic + "-warmup";
        String internalTopic = mode == Mode.txn ? MqContract.Topics.HALF : MqContract.Topics.DELAY;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            waitForTopic(admin, internalTopic);
            for (String t : List.of(warmupTopic, topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(t, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        Map<String, Object> config = new HashMap<>(producerProps);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "half-message-bench");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            System.out.println("settings: producer " + producerSettings(producer, config) + " (everything else: kafka-clients defaults); "
                    + recordSize + "-byte values; target topic " + topic + " (" + partitions + " partitions); internal topic "
                    + internalTopic + " exists");
            return mode == Mode.txn ? runTransactions(producer, warmupTopic) : runDelayed(producer, warmupTopic);
        } finally {
            running.set(false);
        }
    }

    private static String producerSettings(KafkaProducer<byte[], byte[]> producer, Map<String, Object> config) {
        // what the client actually runs with (defaults resolved), for the report
        Map<String, Object> shown = new TreeMap<>();
        shown.put("acks", config.getOrDefault(ProducerConfig.ACKS_CONFIG, "all (default)"));
        shown.put("enable.idempotence", config.getOrDefault(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true (default)"));
        shown.put("linger.ms", config.get(ProducerConfig.LINGER_MS_CONFIG));
        shown.put("batch.size", config.getOrDefault(ProducerConfig.BATCH_SIZE_CONFIG, "16384 (default)"));
        shown.put("max.in.flight.requests.per.connection",
                config.getOrDefault(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5 (default)"));
        config.forEach((k, v) -> {
            if (!k.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) && !k.equals(ProducerConfig.CLIENT_ID_CONFIG)) {
                shown.putIfAbsent(k, v);
            }
        });
        StringJoiner out = new StringJoiner(" ");
        shown.forEach((k, v) -> out.add(k + "=" + v));
        return out.toString();
    }

    private void waitForTopic(Admin admin, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(topicTimeoutSeconds);
        while (true) {
            Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get();
            if (names.contains(name)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " does not exist after " + topicTimeoutSeconds
                        + " s: is the coordinator running?");
            }
            Thread.sleep(250);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // txn
    // ------------------------------------------------------------------------------------------------------------

    /** What the consumer saw of one topic. */
    private static final class Seen {
        final int expected;
        final BitSet seqs;
        int distinct;
        long duplicates;
        volatile long allSeenNanos;
        volatile int distinctVolatile;

        Seen(int expected) {
            this.expected = expected;
            this.seqs = new BitSet(expected);
        }

        /** @return true if this seq is new */
        boolean add(int seq, long nowNanos) {
            if (seq < 0 || seq >= expected || seqs.get(seq)) {
                duplicates++;
                return false;
            }
            seqs.set(seq);
            distinct++;
            distinctVolatile = distinct;
            if (distinct == expected) {
                allSeenNanos = nowNanos;
            }
            return true;
        }

        boolean complete() {
            return distinctVolatile == expected;
        }
    }

    private int runTransactions(KafkaProducer<byte[], byte[]> producer, String warmupTopic) throws Exception {
        int warmupCount = warmup < 0 ? 20_000 : warmup;
        TransactionalMessageProducer txp = new TransactionalMessageProducer(producer, producerGroup, new SimpleMeterRegistry());
        Seen warmSeen = new Seen(warmupCount);
        Seen seen = new Seen(transactions);
        Histogram e2eMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Thread consumer = Thread.ofPlatform().name("bench-consumer").start(() -> consume(List.of(warmupTopic, topic), record -> {
            ByteBuffer value = ByteBuffer.wrap(record.value());
            int seq = (int) value.getLong(0);
            long now = System.nanoTime();
            if (record.topic().equals(topic)) {
                if (seen.add(seq, now)) {
                    e2eMicros.recordValue(Math.min((now - value.getLong(8)) / 1_000, e2eMicros.getHighestTrackableValue()));
                }
            } else {
                warmSeen.add(seq, now);
            }
        }));
        Thread.sleep(1_000); // the consumer positions itself (fresh topics: offset 0)
        System.out.printf("%d %s threads, no-op local transaction returning COMMIT, producer group %s%n", threads, threadKind, producerGroup);

        if (warmupCount > 0) {
            long t0 = System.nanoTime();
            sendTransactions(txp, producer, warmupTopic, warmupCount, null, () -> { });
            boolean all = awaitSeen(warmSeen, deliveryTimeoutSeconds);
            System.out.printf("warm-up: %d transactions, %s in %.1f s%n", warmupCount,
                    all ? "all delivered" : "only " + warmSeen.distinctVolatile + " delivered", (System.nanoTime() - t0) / 1e9);
        }

        Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        CpuSampler cpu = new CpuSampler();
        long start = System.nanoTime();
        cpu.snapshot("start");
        long[] sentAt = new long[1];
        sendTransactions(txp, producer, topic, transactions, latencyMicros, () -> {
            sentAt[0] = System.nanoTime();
            cpu.snapshot("sent"); // while the sending threads are still alive, so their CPU time is attributed
        });
        long sent = sentAt[0];
        boolean complete = awaitSeen(seen, deliveryTimeoutSeconds);
        long delivered = complete ? seen.allSeenNanos : System.nanoTime();
        cpu.snapshot("delivered");
        running.set(false);
        consumer.join(10_000);

        double sendSeconds = (sent - start) / 1e9;
        double deliverSeconds = (delivered - start) / 1e9;
        double txPerSecond = transactions / sendSeconds;
        double deliveredPerSecond = seen.distinctVolatile / deliverSeconds;
        System.out.printf("committed: %d transactions in %.2f s = %.0f tx/s (half stored + local tx + decision acknowledged)%n",
                transactions, sendSeconds, txPerSecond);
        System.out.printf("delivered: %d of %d (%d duplicates) in %.2f s = %.0f/s end to end%s%n", seen.distinctVolatile,
                transactions, seen.duplicates, deliverSeconds, deliveredPerSecond, complete ? "" : " (INCOMPLETE)");
        System.out.printf("latency of one send (half + local tx + decision queued), ms: p50 %.3f p99 %.3f p99.9 %.3f max %.3f%n",
                ms(latencyMicros, 50), ms(latencyMicros, 99), ms(latencyMicros, 99.9), latencyMicros.getMaxValue() / 1000.0);
        System.out.printf("send start to consumed, ms: p50 %.3f p99 %.3f p99.9 %.3f max %.3f%n",
                ms(e2eMicros, 50), ms(e2eMicros, 99), ms(e2eMicros, 99.9), e2eMicros.getMaxValue() / 1000.0);
        Map<String, String> cpuFigures = cpu.report(List.of("start", "sent", "delivered"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", "txn");
        result.put("transactions", transactions);
        result.put("threads", threads);
        result.put("kind", threadKind);
        result.put("linger_ms", lingerMs);
        result.put("tx_per_s", Math.round(txPerSecond));
        result.put("delivered_per_s", Math.round(deliveredPerSecond));
        result.put("send_s", fmt(sendSeconds));
        result.put("deliver_s", fmt(deliverSeconds));
        result.put("p50_ms", fmt(ms(latencyMicros, 50)));
        result.put("p99_ms", fmt(ms(latencyMicros, 99)));
        result.put("p999_ms", fmt(ms(latencyMicros, 99.9)));
        result.put("max_ms", fmt(latencyMicros.getMaxValue() / 1000.0));
        result.put("e2e_p50_ms", fmt(ms(e2eMicros, 50)));
        result.put("e2e_p99_ms", fmt(ms(e2eMicros, 99)));
        result.put("e2e_p999_ms", fmt(ms(e2eMicros, 99.9)));
        result.put("delivered", seen.distinctVolatile);
        result.put("duplicates", seen.duplicates);
        result.put("complete", complete);
        result.putAll(cpuFigures);
        printResult(result);
        return complete ? 0 : 3;
    }

    /**
     * Runs {@code count} transactions on {@code threads} threads, flushes the producer (every decision acknowledged),
     * runs {@code afterSent}, and only then lets the threads end.
     */
    private void sendTransactions(TransactionalMessageProducer txp, KafkaProducer<byte[], byte[]> producer, String target,
                                  int count, Histogram latencyMicros, Runnable afterSent) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(threads);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        LocalTransaction commit = half -> TransactionState.COMMIT;
        AtomicLong next = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ThreadFactory factory = threadKind == ThreadKind.virtual
                ? Thread.ofVirtual().name("txn-", 0).factory() : Thread.ofPlatform().name("txn-", 0).factory();
        List<Thread> workers = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
            histograms.add(h);
            workers.add(factory.newThread(() -> {
                try {
                    for (long seq; (seq = next.getAndIncrement()) < count; ) {
                        byte[] value = new byte[recordSize];
                        long t0 = System.nanoTime();
                        ByteBuffer.wrap(value).putLong(0, seq).putLong(8, t0);
                        txp.send(new ProducerRecord<>(target, value), commit);
                        h.recordValue(Math.min((System.nanoTime() - t0) / 1_000, h.getHighestTrackableValue()));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    next.set(Long.MAX_VALUE / 2);
                }
                done.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        workers.forEach(Thread::start);
        done.await();
        producer.flush();
        afterSent.run();
        release.countDown();
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a transaction failed", failure.get());
        }
        if (latencyMicros != null) {
            histograms.forEach(latencyMicros::add);
        }
    }

    private boolean awaitSeen(Seen seen, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!seen.complete() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return seen.complete();
    }

    // ------------------------------------------------------------------------------------------------------------
    // delay
    // ------------------------------------------------------------------------------------------------------------

    /** Receive times (epoch ms) by sequence number; -1 = not received. Written by the consumer thread only. */
    private static final class Receipts {
        final long[] receivedAtMs;
        final AtomicLong distinct = new AtomicLong();
        long duplicates;
        long firstMs = Long.MAX_VALUE;
        long lastMs = Long.MIN_VALUE;
        long earlyByHeader;

        Receipts(int n) {
            receivedAtMs = new long[n];
            java.util.Arrays.fill(receivedAtMs, -1);
        }

        void add(int seq, long nowMs, long headerDueMs) {
            if (seq < 0 || seq >= receivedAtMs.length || receivedAtMs[seq] >= 0) {
                duplicates++;
                return;
            }
            receivedAtMs[seq] = nowMs;
            firstMs = Math.min(firstMs, nowMs);
            lastMs = Math.max(lastMs, nowMs);
            if (headerDueMs > nowMs) {
                earlyByHeader++;
            }
            distinct.incrementAndGet();
        }
    }

    private int runDelayed(KafkaProducer<byte[], byte[]> producer, String warmupTopic) throws Exception {
        int warmupCount = warmup < 0 ? 10_000 : warmup;
        if (minDelayMs < 0 || maxDelayMs < minDelayMs) {
            throw new IllegalArgumentException("need 0 <= --min-delay-ms <= --max-delay-ms");
        }
        long maxDelay = Math.max(maxDelayMs, sameDueMs) + 60_000;
        DelayedMessageSender sender = new DelayedMessageSender(producer, Duration.ofMillis(maxDelay), new SimpleMeterRegistry());
        Receipts warmReceipts = new Receipts(warmupCount);
        Receipts receipts = new Receipts(messages);
        Thread consumer = Thread.ofPlatform().name("bench-consumer").start(() -> consume(List.of(warmupTopic, topic), record -> {
            long now = System.currentTimeMillis();
            int seq = (int) ByteBuffer.wrap(record.value()).getLong(0);
            var header = record.headers().lastHeader(DUE_AT_HEADER);
            long headerDue = header == null ? Long.MIN_VALUE : Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
            (record.topic().equals(topic) ? receipts : warmReceipts).add(seq, now, headerDue);
        }));
        Thread.sleep(1_000);
        if (sameDueMs > 0) {
            System.out.printf("%d delayed messages, all due %d ms after the first send (sendAtAsync), one sending thread%n",
                    messages, sameDueMs);
        } else {
            System.out.printf("%d delayed messages, delays uniform in [%d, %d] ms (sendAsync), one sending thread%n",
                    messages, minDelayMs, maxDelayMs);
        }

        if (warmupCount > 0) {
            long t0 = System.nanoTime();
            long[] warmDue = new long[warmupCount];
            sendDelayed(sender, warmupTopic, warmupCount, minDelayMs, minDelayMs + 1_000, 0, warmDue);
            long lastDue = java.util.Arrays.stream(warmDue).max().orElse(0);
            boolean all = awaitReceipts(warmReceipts, warmupCount, lastDue);
            System.out.printf("warm-up: %d delayed messages (delays %d-%d ms), %s in %.1f s%n", warmupCount, minDelayMs,
                    minDelayMs + 1_000, all ? "all delivered" : "only " + warmReceipts.distinct.get() + " delivered",
                    (System.nanoTime() - t0) / 1e9);
        }

        long[] dueAtMs = new long[messages];
        CpuSampler cpu = new CpuSampler();
        cpu.snapshot("start");
        long start = System.nanoTime();
        long startMs = System.currentTimeMillis();
        sendDelayed(sender, topic, messages, minDelayMs, maxDelayMs, sameDueMs > 0 ? startMs + sameDueMs : 0, dueAtMs);
        long acked = System.nanoTime();
        cpu.snapshot("scheduled");
        long firstDue = java.util.Arrays.stream(dueAtMs).min().orElse(0);
        long lastDue = java.util.Arrays.stream(dueAtMs).max().orElse(0);
        boolean complete = awaitReceipts(receipts, messages, lastDue);
        cpu.snapshot("delivered");
        running.set(false);
        consumer.join(10_000);

        Histogram latenessMs = new Histogram(TimeUnit.HOURS.toMillis(2), 3);
        long early = 0;
        long maxEarlyMs = 0;
        long notReceived = 0;
        for (int i = 0; i < messages; i++) {
            long received = receipts.receivedAtMs[i];
            if (received < 0) {
                notReceived++;
                continue;
            }
            long lateness = received - dueAtMs[i];
            if (lateness < 0) {
                early++;
                maxEarlyMs = Math.max(maxEarlyMs, -lateness);
            } else {
                latenessMs.recordValue(Math.min(lateness, latenessMs.getHighestTrackableValue()));
            }
        }
        double scheduleSeconds = (acked - start) / 1e9;
        double scheduledPerSecond = messages / scheduleSeconds;
        long delivered = receipts.distinct.get();
        double windowSeconds = delivered > 1 ? (receipts.lastMs - receipts.firstMs) / 1000.0 : 0;
        double deliveredPerSecond = windowSeconds > 0 ? delivered / windowSeconds : 0;
        System.out.printf("scheduled: %d in %.2f s = %.0f/s (sendAsync until every send was acknowledged)%n",
                messages, scheduleSeconds, scheduledPerSecond);
        System.out.printf("due: from %.1f s to %.1f s after the first send%n", (firstDue - startMs) / 1000.0, (lastDue - startMs) / 1000.0);
        System.out.printf("delivered: %d of %d (%d duplicates) over %.2f s (first to last receipt, %.1f s to %.1f s after the first send) = %.0f/s%s%n",
                delivered, messages, receipts.duplicates, windowSeconds, (receipts.firstMs - startMs) / 1000.0,
                (receipts.lastMs - startMs) / 1000.0, deliveredPerSecond, complete ? "" : " (INCOMPLETE)");
        System.out.printf("lateness (received - due), ms: p50 %d p99 %d p99.9 %d max %d; early %d (max %d ms early; by the %s header: %d)%n",
                latenessMs.getValueAtPercentile(50), latenessMs.getValueAtPercentile(99), latenessMs.getValueAtPercentile(99.9),
                latenessMs.getMaxValue(), early, maxEarlyMs, DUE_AT_HEADER, receipts.earlyByHeader);
        Map<String, String> cpuFigures = cpu.report(List.of("start", "scheduled", "delivered"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", sameDueMs > 0 ? "delay-burst" : "delay");
        result.put("messages", messages);
        result.put("min_delay_ms", minDelayMs);
        result.put("max_delay_ms", maxDelayMs);
        result.put("same_due_ms", sameDueMs);
        result.put("linger_ms", lingerMs);
        result.put("scheduled_per_s", Math.round(scheduledPerSecond));
        result.put("schedule_s", fmt(scheduleSeconds));
        result.put("delivered_per_s", Math.round(deliveredPerSecond));
        result.put("window_s", fmt(windowSeconds));
        result.put("late_p50_ms", latenessMs.getValueAtPercentile(50));
        result.put("late_p99_ms", latenessMs.getValueAtPercentile(99));
        result.put("late_p999_ms", latenessMs.getValueAtPercentile(99.9));
        result.put("late_max_ms", latenessMs.getMaxValue());
        result.put("early", early);
        result.put("delivered", delivered);
        result.put("missing", notReceived);
        result.put("duplicates", receipts.duplicates);
        result.put("complete", complete);
        result.putAll(cpuFigures);
        printResult(result);
        return complete && early == 0 ? 0 : 3;
    }

    /**
     * Sends {@code count} delayed messages from this thread as fast as the producer takes them and waits for every
     * acknowledgement; {@code dueAtMs[seq]} receives the due time the sender stored.
     */
    private void sendDelayed(DelayedMessageSender sender, String target, int count, long minDelay, long maxDelay,
                             long sameDueAtMs, long[] dueAtMs) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int seq = 0; seq < count && failure.get() == null; seq++) {
            byte[] value = new byte[recordSize];
            ByteBuffer.wrap(value).putLong(0, seq);
            long delay = minDelay == maxDelay ? minDelay : random.nextLong(minDelay, maxDelay + 1);
            long dueLowerBound = sameDueAtMs > 0 ? sameDueAtMs : System.currentTimeMillis() + delay;
            RecordHeaders headers = new RecordHeaders();
            headers.add(DUE_AT_HEADER, Long.toString(dueLowerBound).getBytes(StandardCharsets.UTF_8));
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(target, null, null, null, value, headers);
            CompletableFuture<DelayedSendResult> future = sameDueAtMs > 0
                    ? sender.sendAtAsync(record, Instant.ofEpochMilli(sameDueAtMs))
                    : sender.sendAsync(record, Duration.ofMillis(delay));
            int s = seq;
            future.whenComplete((result, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    dueAtMs[s] = result.deliverAt().toEpochMilli();
                }
                acked.incrementAndGet();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deliveryTimeoutSeconds);
        while (acked.get() < count && failure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a delayed send failed", failure.get());
        }
        if (acked.get() < count) {
            throw new IllegalStateException("only " + acked.get() + " of " + count + " delayed sends acknowledged");
        }
    }

    private boolean awaitReceipts(Receipts receipts, int expected, long lastDueMs) throws InterruptedException {
        long deadline = lastDueMs + TimeUnit.SECONDS.toMillis(deliveryTimeoutSeconds);
        long nextProgress = System.currentTimeMillis() + 5_000;
        while (receipts.distinct.get() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
            if (System.currentTimeMillis() >= nextProgress) {
                System.out.printf("  ... %d of %d delivered%n", receipts.distinct.get(), expected);
                nextProgress += 5_000;
            }
        }
        return receipts.distinct.get() == expected;
    }

    // ------------------------------------------------------------------------------------------------------------
    // shared
    // ------------------------------------------------------------------------------------------------------------

    /** An assigned consumer (no group) on every partition of {@code topics}, from the end, until {@link #running} is off. */
    private void consume(List<String> topics, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.CLIENT_ID_CONFIG, "half-message-bench-consumer");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assignment = new ArrayList<>();
            for (String t : topics) {
                for (int p = 0; p < partitions; p++) {
                    assignment.add(new TopicPartition(t, p));
                }
            }
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            assignment.forEach(consumer::position);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    handler.accept(record);
                }
            }
        }
    }

    private static double ms(Histogram micros, double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static void printResult(Map<String, Object> result) {
        StringJoiner line = new StringJoiner(" ", "RESULT ", "");
        result.forEach((k, v) -> line.add(k + "=" + v));
        System.out.println(line);
    }

    /**
     * CPU time of this process and of the {@code --cpu-pid} processes from /proc, per phase, with the busiest
     * threads grouped by name (digits replaced by '#').
     */
    private final class CpuSampler {
        private record ThreadTime(String name, long ticks) {
        }

        private record Snapshot(long nanos, Map<String, Long> processTicks, Map<String, Map<Long, ThreadTime>> threads,
                                long machineBusyTicks) {
        }

        private final Map<String, Snapshot> snapshots = new HashMap<>();

        private Map<String, Long> pids() {
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("client", ProcessHandle.current().pid());
            pids.putAll(cpuPids);
            return pids;
        }

        void snapshot(String label) {
            Map<String, Long> processTicks = new LinkedHashMap<>();
            Map<String, Map<Long, ThreadTime>> threads = new LinkedHashMap<>();
            pids().forEach((name, pid) -> {
                long ticks = ticks(Path.of("/proc", Long.toString(pid), "stat"));
                if (ticks >= 0) {
                    processTicks.put(name, ticks);
                    threads.put(name, threadTimes(pid));
                }
            });
            snapshots.put(label, new Snapshot(System.nanoTime(), processTicks, threads, machineBusyTicks()));
        }

        /** Busy ticks of the whole machine (all CPUs) from /proc/stat, or -1. */
        private static long machineBusyTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** Prints each consecutive phase; returns cpu_<name>_<phase>_pct figures (percent of one core). */
        Map<String, String> report(List<String> labels) {
            Map<String, String> figures = new LinkedHashMap<>();
            for (int i = 0; i + 1 < labels.size(); i++) {
                Snapshot from = snapshots.get(labels.get(i));
                Snapshot to = snapshots.get(labels.get(i + 1));
                if (from == null || to == null) {
                    continue;
                }
                double wall = (to.nanos - from.nanos) / 1e9;
                if (wall < 0.2) {
                    continue; // too short to say anything (e.g. everything was delivered while the last sends were acknowledged)
                }
                String phase = labels.get(i) + "->" + labels.get(i + 1);
                System.out.printf("cpu %s (%.2f s wall; %% of one core, %d cores):%n", phase, wall,
                        Runtime.getRuntime().availableProcessors());
                double ours = 0;
                for (String name : to.processTicks.keySet()) {
                    Long before = from.processTicks.get(name);
                    if (before != null) {
                        ours += (to.processTicks.get(name) - before) / (double) clockTicks;
                    }
                }
                if (from.machineBusyTicks >= 0 && to.machineBusyTicks >= 0) {
                    double other = Math.max(0, (to.machineBusyTicks - from.machineBusyTicks) / (double) clockTicks - ours);
                    double otherPct = 100 * other / wall;
                    figures.put("cpu_other_" + labels.get(i + 1) + "_pct", String.format(Locale.ROOT, "%.0f", otherPct));
                    System.out.printf("  %-12s %5.0f%%  (every other process on the machine: should be near 0)%n", "other", otherPct);
                }
                for (String name : to.processTicks.keySet()) {
                    Long before = from.processTicks.get(name);
                    if (before == null) {
                        continue;
                    }
                    double seconds = (to.processTicks.get(name) - before) / (double) clockTicks;
                    double pct = wall > 0 ? 100 * seconds / wall : 0;
                    figures.put("cpu_" + name + "_" + labels.get(i + 1) + "_pct", String.format(Locale.ROOT, "%.0f", pct));
                    Map<String, Double> byGroup = new HashMap<>();
                    Map<Long, ThreadTime> fromThreads = from.threads.getOrDefault(name, Map.of());
                    to.threads.getOrDefault(name, Map.of()).forEach((tid, t) -> {
                        ThreadTime b = fromThreads.get(tid);
                        long delta = t.ticks - (b == null ? 0 : b.ticks);
                        if (delta > 0) {
                            byGroup.merge(t.name.replaceAll("[0-9]+", "#"), delta / (double) clockTicks, Double::sum);
                        }
                    });
                    StringJoiner top = new StringJoiner(", ");
                    byGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                            .forEach(e -> top.add(String.format(Locale.ROOT, "'%s' %.0f%%", e.getKey(), wall > 0 ? 100 * e.getValue() / wall : 0)));
                    System.out.printf("  %-12s %5.0f%%  (%d threads) top: %s%n", name, pct, to.threads.get(name).size(), top);
                }
            }
            return figures;
        }

        /** utime + stime of a /proc stat file, or -1. */
        private static long ticks(Path stat) {
            try {
                String s = Files.readString(stat);
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        private static Map<Long, ThreadTime> threadTimes(long pid) {
            Map<Long, ThreadTime> out = new HashMap<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    long ticks = ticks(task.resolve("stat"));
                    if (ticks < 0) {
                        continue;
                    }
                    String name;
                    try {
                        name = Files.readString(task.resolve("comm")).strip();
                    } catch (IOException e) {
                        continue;
                    }
                    out.put(Long.parseLong(task.getFileName().toString()), new ThreadTime(name, ticks));
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone
            }
            return out;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HalfMessageBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
