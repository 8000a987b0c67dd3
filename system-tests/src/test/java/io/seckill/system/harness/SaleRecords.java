package io.seckill.system.harness;

import io.seckill.common.messaging.Topics;
import io.seckill.mq.client.MqContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The business messages of one sale on the shared broker, told apart from other tests' by the activity id in the
 * event (or, for payments, by the sale's order ids). Malformed records that other suites write on purpose are
 * skipped, never matched.
 */
public final class SaleRecords {

    private final TopicLog log;

    public SaleRecords(String bootstrapServers) {
        this.log = new TopicLog(bootstrapServers);
    }

    public TopicLog log() {
        return log;
    }

    /** {@code seckill.reserved} of the activity. */
    public List<ConsumerRecord<byte[], byte[]>> reserved(String activityId) {
        return log.read(Topics.SECKILL_RESERVED, member("activityId", Set.of(activityId)));
    }

    /** {@code order.payment-timeout} of the activity. */
    public List<ConsumerRecord<byte[], byte[]>> paymentTimeouts(String activityId) {
        return log.read(Topics.ORDER_PAYMENT_TIMEOUT, member("activityId", Set.of(activityId)));
    }

    /** {@code order.cancelled} of the activity. */
    public List<ConsumerRecord<byte[], byte[]>> cancellations(String activityId) {
        return log.read(Topics.ORDER_CANCELLED, member("activityId", Set.of(activityId)));
    }

    /** {@code payment.succeeded} of these orders. */
    public List<ConsumerRecord<byte[], byte[]>> paymentsSucceeded(Collection<String> orderIds) {
        return log.read(Topics.PAYMENT_SUCCEEDED, member("orderId", Set.copyOf(orderIds)));
    }

    /** {@code payment.refund-requested} of these orders. */
    public List<ConsumerRecord<byte[], byte[]>> refundsRequested(Collection<String> orderIds) {
        return log.read(Topics.PAYMENT_REFUND_REQUESTED, member("orderId", Set.copyOf(orderIds)));
    }

    /**
     * The broker's check-back requests to {@code producerGroup} whose transaction id starts with {@code prefix}:
     * each one is a half message that stayed undecided past its transaction timeout.
     */
    public List<ConsumerRecord<byte[], byte[]>> checkRequests(String producerGroup, String transactionIdPrefix) {
        return log.read(MqContract.Topics.check(producerGroup), record -> {
            String transactionId = TopicLog.header(record, MqContract.Headers.TRANSACTION_ID);
            return transactionId != null && transactionId.startsWith(transactionIdPrefix);
        });
    }

    /** Every business message of the sale, on every topic, in topic order. */
    public List<ConsumerRecord<byte[], byte[]>> everything(String activityId, Collection<String> orderIds) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(reserved(activityId));
        all.addAll(log.read(Topics.SECKILL_SOLD_OUT, record -> activityId.equals(TopicLog.key(record))));
        all.addAll(paymentTimeouts(activityId));
        all.addAll(cancellations(activityId));
        all.addAll(paymentsSucceeded(orderIds));
        all.addAll(refundsRequested(orderIds));
        return all;
    }

    /** A text member of the record's JSON value, or null (also for a value that is not JSON). */
    public static String text(ConsumerRecord<byte[], byte[]> record, String member) {
        if (record.value() == null) {
            return null;
        }
        try {
            JsonNode value = ServiceClient.JSON.readTree(record.value()).get(member);
            return value == null || value.isNull() ? null : value.asString();
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The message id that every copy of one message carries. */
    public static String messageId(ConsumerRecord<byte[], byte[]> record) {
        return TopicLog.header(record, MqContract.Headers.MESSAGE_ID);
    }

    /** {@code member} value → the distinct message ids carrying it (one per message, however often delivered). */
    public static Map<String, Set<String>> messageIdsBy(List<ConsumerRecord<byte[], byte[]>> records, String member) {
        return records.stream().collect(Collectors.groupingBy(record -> text(record, member),
                Collectors.mapping(SaleRecords::messageId, Collectors.toSet())));
    }

    /** {@code member} value → the distinct values of {@code other} in the same records. */
    public static Map<String, Set<String>> valuesBy(List<ConsumerRecord<byte[], byte[]>> records, String member,
                                                    String other) {
        return records.stream().collect(Collectors.groupingBy(record -> text(record, member),
                Collectors.mapping(record -> text(record, other), Collectors.toSet())));
    }

    private static Predicate<ConsumerRecord<byte[], byte[]>> member(String member, Set<String> values) {
        return record -> {
            String value = text(record, member);
            return value != null && values.contains(value);
        };
    }
}
