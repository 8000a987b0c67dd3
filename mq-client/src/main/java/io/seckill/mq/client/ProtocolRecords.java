package io.seckill.mq.client;

import io.seckill.mq.client.MqContract.Headers;
import io.seckill.mq.client.MqContract.RecordType;
import io.seckill.mq.client.MqContract.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds and reads the protocol's records; the client and the coordinator share it so both agree on the format. */
public final class ProtocolRecords {

    private ProtocolRecords() {
    }

    /** The record type of a record on {@link Topics#HALF}; records without one are treated as half messages. */
    public static RecordType typeOf(org.apache.kafka.common.header.Headers headers) {
        String type = HeaderValues.string(headers, Headers.TYPE);
        if (type == null) {
            return RecordType.HALF;
        }
        try {
            return RecordType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + Headers.TYPE + " '" + type + "'", e);
        }
    }

    /** A copy of the application's headers: everything except the reserved {@code mq-*} ones. */
    public static RecordHeaders applicationHeaders(Iterable<Header> headers) {
        RecordHeaders copy = new RecordHeaders();
        for (Header header : headers) {
            if (!Headers.isReserved(header.key())) {
                copy.add(header);
            }
        }
        return copy;
    }

    /** A decision (or coordinator marker) about message {@code messageId}, for partition {@code halfPartition} of the half topic. */
    public static ProducerRecord<byte[], byte[]> marker(int halfPartition, String messageId, RecordType type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.TYPE, HeaderValues.bytes(type.name()));
        headers.add(Headers.MESSAGE_ID, HeaderValues.bytes(messageId));
        return new ProducerRecord<>(Topics.HALF, halfPartition, null, null, null, headers);
    }

    /** The decision record for a local transaction's outcome; UNKNOWN has none. */
    public static ProducerRecord<byte[], byte[]> decision(int halfPartition, String messageId, TransactionState state) {
        return switch (state) {
            case COMMIT -> marker(halfPartition, messageId, RecordType.COMMIT);
            case ROLLBACK -> marker(halfPartition, messageId, RecordType.ROLLBACK);
            case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN is not a decision");
        };
    }

    /**
     * The message as delivered to {@code topic}: its key, value and application headers plus the message id.
     * No partition is set, so the target topic's partitioner places it by key, as a direct send would.
     */
    public static ProducerRecord<byte[], byte[]> delivery(String topic, String messageId, byte[] key, byte[] value,
                                                           Iterable<Header> headers) {
        RecordHeaders out = applicationHeaders(headers);
        out.add(Headers.MESSAGE_ID, HeaderValues.bytes(messageId));
        return new ProducerRecord<>(topic, null, null, key, value, out);
    }
}
