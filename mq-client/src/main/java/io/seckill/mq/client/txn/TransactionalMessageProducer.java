package io.seckill.mq.client.txn;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MessageIds;
import io.seckill.mq.client.MqClientException;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.MqContract.Headers;
import io.seckill.mq.client.ProtocolRecords;
import io.seckill.mq.client.TransactionState;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Sends transactional messages the RocketMQ way: (1) store a half message, invisible to consumers; (2) run the
 * local transaction; (3) report COMMIT or ROLLBACK. If the process dies between (1) and (3), or the decision is
 * lost, the coordinator checks back with the producer group (see {@link TransactionCheckListener}).
 *
 * <p>Step (1) waits for the broker's acknowledgement, so a local transaction never commits for a message that
 * was not stored. Step (3) is asynchronous, as RocketMQ's end-transaction is one-way: a lost decision costs a
 * check-back, never a wrong outcome. Thread-safe; share one instance per producer group.
 */
public final class TransactionalMessageProducer {

    private static final Logger log = LoggerFactory.getLogger(TransactionalMessageProducer.class);

    private final Producer<byte[], byte[]> producer;
    private final String producerGroup;
    private final Timer halfSendTimer;
    private final Map<TransactionState, Counter> outcomes = new EnumMap<>(TransactionState.class);
    private final Counter decisionSendFailures;

    /**
     * @param producer      a byte-array producer (idempotence on, acks=all recommended: the client defaults);
     *                      not closed by this class
     * @param producerGroup the group whose instances answer check-backs for these messages
     */
    public TransactionalMessageProducer(Producer<byte[], byte[]> producer, String producerGroup, MeterRegistry registry) {
        this.producer = producer;
        this.producerGroup = MqContract.ProducerGroups.requireValid(producerGroup);
        this.halfSendTimer = Timer.builder("mq.producer.half.send").description("Time to store a half message")
                .tag("group", producerGroup).register(registry);
        for (TransactionState state : TransactionState.values()) {
            outcomes.put(state, Counter.builder("mq.producer.transactions").description("Transactional messages by outcome")
                    .tag("group", producerGroup).tag("outcome", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry));
        }
        this.decisionSendFailures = Counter.builder("mq.producer.decision.failures")
                .description("Decisions that could not be sent (the coordinator will check back)")
                .tag("group", producerGroup).register(registry);
    }

    public String producerGroup() {
        return producerGroup;
    }

    /** {@link #send(ProducerRecord, HalfMessageOptions, LocalTransaction)} with the coordinator's defaults. */
    public TransactionSendResult send(ProducerRecord<byte[], byte[]> message, LocalTransaction localTransaction) {
        return send(message, HalfMessageOptions.DEFAULTS, localTransaction);
    }

    /**
     * Stores {@code message} as a half message, runs {@code localTransaction} and reports its outcome.
     * The message's partition and timestamp are ignored: on delivery its key chooses the partition, as for a plain
     * send. A {@value Headers#MESSAGE_ID} header, if the caller set one, becomes the message id.
     *
     * @throws MqClientException          the half message could not be stored; the local transaction did not run
     * @throws LocalTransactionException  the local transaction threw; the outcome is left to check-back
     */
    public TransactionSendResult send(ProducerRecord<byte[], byte[]> message, HalfMessageOptions options,
                                      LocalTransaction localTransaction) {
        String messageId = HeaderValues.string(message.headers(), Headers.MESSAGE_ID);
        if (messageId == null) {
            messageId = MessageIds.next();
        }
        String transactionId = options.transactionId() != null ? options.transactionId() : messageId;
        RecordMetadata stored = storeHalf(halfRecord(message, messageId, transactionId, options), messageId);
        HalfMessage half = new HalfMessage(messageId, transactionId, producerGroup, message.topic(), message.key(),
                message.value(), ProtocolRecords.applicationHeaders(message.headers()));
        TransactionState state;
        try {
            state = localTransaction.execute(half);
        } catch (Exception e) {
            outcomes.get(TransactionState.UNKNOWN).increment();
            throw new LocalTransactionException(messageId, e);
        }
        if (state == null) {
            state = TransactionState.UNKNOWN;
        }
        outcomes.get(state).increment();
        if (state != TransactionState.UNKNOWN) {
            sendDecision(stored.partition(), messageId, state);
        }
        return new TransactionSendResult(messageId, transactionId, state, stored.partition(), stored.offset());
    }

    private ProducerRecord<byte[], byte[]> halfRecord(ProducerRecord<byte[], byte[]> message, String messageId,
                                                      String transactionId, HalfMessageOptions options) {
        RecordHeaders headers = ProtocolRecords.applicationHeaders(message.headers());
        headers.add(Headers.TYPE, HeaderValues.bytes(MqContract.RecordType.HALF.name()));
        headers.add(Headers.MESSAGE_ID, HeaderValues.bytes(messageId));
        headers.add(Headers.TARGET_TOPIC, HeaderValues.bytes(message.topic()));
        headers.add(Headers.PRODUCER_GROUP, HeaderValues.bytes(producerGroup));
        headers.add(Headers.TRANSACTION_ID, HeaderValues.bytes(transactionId));
        addMillis(headers, Headers.TRANSACTION_TIMEOUT_MS, options.transactionTimeout());
        addMillis(headers, Headers.CHECK_INTERVAL_MS, options.checkInterval());
        addMillis(headers, Headers.DELAY_MS, options.delay());
        if (options.checkMax() != null) {
            headers.add(Headers.CHECK_MAX, HeaderValues.bytes(options.checkMax()));
        }
        return new ProducerRecord<>(MqContract.Topics.HALF, null, null, message.key(), message.value(), headers);
    }

    private static void addMillis(RecordHeaders headers, String name, Duration value) {
        if (value != null) {
            headers.add(name, HeaderValues.bytes(value.toMillis()));
        }
    }

    private RecordMetadata storeHalf(ProducerRecord<byte[], byte[]> half, String messageId) {
        long startNs = System.nanoTime();
        try {
            return producer.send(half).get();
        } catch (ExecutionException e) {
            throw new MqClientException("half message " + messageId + " was not stored: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqClientException("interrupted while storing half message " + messageId, e);
        } finally {
            halfSendTimer.record(System.nanoTime() - startNs, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void sendDecision(int halfPartition, String messageId, TransactionState state) {
        producer.send(ProtocolRecords.decision(halfPartition, messageId, state), (metadata, error) -> {
            if (error != null) {
                decisionSendFailures.increment();
                log.warn("decision {} for half message {} was not sent ({}); the coordinator will check back",
                        state, messageId, error.toString());
            }
        });
    }
}
