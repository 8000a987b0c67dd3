package io.seckill.mq.client.txn;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.InternalTopics;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.MqContract.Headers;
import io.seckill.mq.client.ProtocolRecords;
import io.seckill.mq.client.TransactionState;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Answers the coordinator's check-back requests for one producer group. Every live instance of the group runs
 * one; they share the group's check topic as one consumer group, so each request reaches one live instance.
 * The answer is a decision record on the half message's partition of the half topic; UNKNOWN sends nothing and
 * the coordinator asks again after the check interval. Requests are idempotent (a decision for an already
 * decided message is ignored), so offsets are committed after the answers are flushed and a redelivered
 * request is simply answered again.
 *
 * <p>One thread per listener; {@link #close()} stops it and leaves the consumer group.
 */
public final class TransactionCheckListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionCheckListener.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final String producerGroup;
    private final TransactionChecker checker;
    private final Producer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TransactionState, Counter> answers = new EnumMap<>(TransactionState.class);
    private final Counter failures;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    private TransactionCheckListener(Map<String, Object> clientConfig, Producer<byte[], byte[]> producer,
                                     String producerGroup, TransactionChecker checker, MeterRegistry registry) {
        this.producerGroup = MqContract.ProducerGroups.requireValid(producerGroup);
        this.checker = checker;
        this.producer = producer;
        for (TransactionState state : TransactionState.values()) {
            answers.put(state, Counter.builder("mq.checker.answers").description("Check-back answers by outcome")
                    .tag("group", producerGroup).tag("outcome", state.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        failures = Counter.builder("mq.checker.failures").description("Check-back handlers that threw (answered UNKNOWN)")
                .tag("group", producerGroup).register(registry);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, MqContract.Groups.checker(producerGroup));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "mq-checker-" + producerGroup);
        this.consumer = new KafkaConsumer<>(config);
        this.thread = Thread.ofPlatform().name("mq-checker-" + producerGroup).daemon().unstarted(this::run);
    }

    /**
     * Creates the group's check topic if needed and starts answering.
     *
     * @param clientConfig  connection settings ({@code bootstrap.servers} and security); group and
     *                      deserializers are set here
     * @param producer      sends the answers; not closed by the listener
     */
    public static TransactionCheckListener start(Map<String, Object> clientConfig, Producer<byte[], byte[]> producer,
                                                 String producerGroup, TransactionChecker checker, MeterRegistry registry) {
        try (Admin admin = Admin.create(adminConfig(clientConfig))) {
            InternalTopics.ensure(admin, MqContract.Topics.check(producerGroup), MqContract.Defaults.CHECK_PARTITIONS, Map.of());
        }
        TransactionCheckListener listener = new TransactionCheckListener(clientConfig, producer, producerGroup, checker, registry);
        listener.consumer.subscribe(List.of(MqContract.Topics.check(producerGroup)));
        listener.thread.start();
        return listener;
    }

    private static Map<String, Object> adminConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>();
        for (Map.Entry<String, Object> entry : clientConfig.entrySet()) {
            if (org.apache.kafka.clients.admin.AdminClientConfig.configNames().contains(entry.getKey())) {
                config.put(entry.getKey(), entry.getValue());
            }
        }
        return config;
    }

    private void run() {
        try {
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> requests = consumer.poll(POLL_TIMEOUT);
                    if (requests.isEmpty()) {
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> request : requests) {
                        answer(request);
                    }
                    producer.flush();
                    consumer.commitSync();
                } catch (WakeupException e) {
                    if (running) {
                        log.warn("check listener of {} woken unexpectedly", producerGroup);
                    }
                } catch (RuntimeException e) {
                    // A failed commit (rebalance) or a broker hiccup: requests not committed are answered again,
                    // which is harmless, and the coordinator re-checks anything unanswered. Keep listening.
                    if (running) {
                        log.warn("check listener of {}: {}; continuing in 1 s", producerGroup, e.toString());
                        pause();
                    }
                }
            }
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void answer(ConsumerRecord<byte[], byte[]> request) {
        String messageId = HeaderValues.string(request.headers(), Headers.MESSAGE_ID);
        long halfPartition = HeaderValues.longValue(request.headers(), Headers.HALF_PARTITION, -1);
        if (messageId == null || halfPartition < 0) {
            log.warn("ignoring a malformed check request at {}-{}@{}", request.topic(), request.partition(), request.offset());
            return;
        }
        String transactionId = HeaderValues.string(request.headers(), Headers.TRANSACTION_ID);
        HalfMessage half = new HalfMessage(messageId, transactionId != null ? transactionId : messageId, producerGroup,
                HeaderValues.string(request.headers(), Headers.TARGET_TOPIC), request.key(), request.value(),
                ProtocolRecords.applicationHeaders(request.headers()));
        TransactionState state;
        try {
            state = checker.check(half);
        } catch (Exception e) {
            failures.increment();
            log.warn("check-back handler of {} failed for message {}; answering UNKNOWN", producerGroup, messageId, e);
            state = TransactionState.UNKNOWN;
        }
        if (state == null) {
            state = TransactionState.UNKNOWN;
        }
        answers.get(state).increment();
        if (state != TransactionState.UNKNOWN) {
            producer.send(ProtocolRecords.decision((int) halfPartition, messageId, state));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                log.warn("check listener of {} did not stop within 30 s", producerGroup);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
