package io.seckill.mq.broker.txn;

import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MqContract.Headers;
import io.seckill.mq.client.MqContract.RecordType;
import io.seckill.mq.client.MqContract.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds half-topic records for tests, and records what a {@link HalfPartition} asked its engine to do. */
final class HalfRecords {

    private HalfRecords() {
    }

    static ConsumerRecord<byte[], byte[]> half(long offset, long timestampMs, String messageId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.TYPE, HeaderValues.bytes(RecordType.HALF.name()));
        headers.add(Headers.MESSAGE_ID, HeaderValues.bytes(messageId));
        headers.add(Headers.TARGET_TOPIC, HeaderValues.bytes("orders"));
        headers.add(Headers.PRODUCER_GROUP, HeaderValues.bytes("order-service"));
        return record(offset, timestampMs, headers);
    }

    static ConsumerRecord<byte[], byte[]> marker(long offset, long timestampMs, String messageId, RecordType type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.TYPE, HeaderValues.bytes(type.name()));
        headers.add(Headers.MESSAGE_ID, HeaderValues.bytes(messageId));
        return record(offset, timestampMs, headers);
    }

    static ConsumerRecord<byte[], byte[]> record(long offset, long timestampMs, RecordHeaders headers) {
        return new ConsumerRecord<>(Topics.HALF, 0, offset, timestampMs, TimestampType.CREATE_TIME, -1, -1,
                "key".getBytes(), "value".getBytes(), headers, Optional.empty());
    }

    /** Every action, in order, as text such as {@code deliver:m1}. */
    static final class RecordingActions implements HalfActions {
        final List<String> actions = new ArrayList<>();

        List<String> of(String kind) {
            return actions.stream().filter(a -> a.startsWith(kind + ":")).map(a -> a.substring(kind.length() + 1)).toList();
        }

        @Override
        public void received(PendingHalf half) {
            actions.add("received:" + half.messageId);
        }

        @Override
        public void rolledBack(PendingHalf half) {
            actions.add("rolledBack:" + half.messageId);
        }

        @Override
        public void deliver(PendingHalf half, long decidedAtMs) {
            actions.add("deliver:" + half.messageId);
        }

        @Override
        public void checkBack(PendingHalf half, int halfPartition) {
            actions.add("check:" + half.messageId + "#" + half.checkCount);
        }

        @Override
        public void giveUp(PendingHalf half, int halfPartition) {
            actions.add("giveUp:" + half.messageId);
        }

        @Override
        public void malformed(ConsumerRecord<byte[], byte[]> record, String reason) {
            actions.add("malformed:" + record.offset());
        }

        @Override
        public void lateDecision(String messageId, String type) {
            actions.add("late:" + messageId);
        }
    }
}
