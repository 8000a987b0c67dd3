package io.seckill.mq.broker.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

import org.apache.kafka.common.utils.ByteUtils;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks producer batches before anything is appended, so that one bad batch rejects its whole
 * request: magic v2, a length field consistent with the buffer, a valid CRC, no control or
 * transactional flag, at most max.message.bytes, at least one record, lastOffsetDelta =
 * recordCount - 1, and for uncompressed batches records that parse with offset deltas 0..n-1.
 * Compressed batches are not decompressed: their CRC covers the compressed bytes. Stateless.
 */
final class RecordBatchValidator {

    private RecordBatchValidator() {
    }

    /** Validates every batch of {@code records}; throws Kafka's typed exception for the first bad one. */
    static ValidatedRecords validate(MemoryRecords records, int maxMessageBytes) {
        List<MutableRecordBatch> batches = new ArrayList<>(1);
        int coveredBytes = 0;
        int recordCount = 0;
        for (MutableRecordBatch batch : records.batches()) {
            validateBatch(batch, maxMessageBytes);
            if (!batch.isCompressed()) {
                validateUncompressedRecords(records.buffer(), records.buffer().position() + coveredBytes, batch);
            }
            batches.add(batch);
            coveredBytes += batch.sizeInBytes();
            recordCount += batch.countOrNull();
        }
        if (batches.isEmpty() || coveredBytes != records.sizeInBytes()) {
            throw new InvalidRecordException("the batches' length fields cover " + coveredBytes + " of "
                    + records.sizeInBytes() + " bytes");
        }
        return new ValidatedRecords(records, batches, recordCount);
    }

    private static void validateBatch(MutableRecordBatch batch, int maxMessageBytes) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new UnsupportedForMessageFormatException("record batch magic v" + batch.magic()
                    + " is not supported; producers must send magic v2");
        }
        if (batch.sizeInBytes() < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("record batch of " + batch.sizeInBytes()
                    + " bytes is smaller than its header");
        }
        if (batch.sizeInBytes() > maxMessageBytes) {
            throw new RecordTooLargeException("record batch of " + batch.sizeInBytes()
                    + " bytes exceeds max.message.bytes " + maxMessageBytes);
        }
        batch.ensureValid();
        if (batch.isControlBatch() || batch.isTransactional()) {
            throw new InvalidRecordException("control and transactional batches are not supported");
        }
        int count = batch.countOrNull();
        if (count < 1 || batch.lastOffset() - batch.baseOffset() != count - 1) {
            throw new InvalidRecordException("record batch with " + count + " records has lastOffsetDelta "
                    + (batch.lastOffset() - batch.baseOffset()));
        }
    }

    /**
     * Walks the records of an uncompressed batch starting at {@code batchStart} in {@code buffer}
     * with the same structural checks as kafka-clients' {@code DefaultRecord.readFrom} (every length
     * within its record, record sizes consumed exactly, offset deltas 0..n-1, no bytes left over),
     * without materializing the records: this runs for every produced batch.
     */
    private static void validateUncompressedRecords(ByteBuffer buffer, int batchStart, MutableRecordBatch batch) {
        ByteBuffer view = buffer.duplicate();
        view.limit(batchStart + batch.sizeInBytes()).position(batchStart + DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        int count = batch.countOrNull();
        try {
            for (int expectedDelta = 0; expectedDelta < count; expectedDelta++) {
                int bodyBytes = ByteUtils.readVarint(view);
                if (bodyBytes < 1 || bodyBytes > view.remaining()) {
                    throw new InvalidRecordException("record " + expectedDelta + " declares " + bodyBytes
                            + " bytes but " + view.remaining() + " remain in its batch");
                }
                int recordEnd = view.position() + bodyBytes;
                view.get(); // attributes
                ByteUtils.readVarlong(view); // timestamp delta
                int offsetDelta = ByteUtils.readVarint(view);
                if (offsetDelta != expectedDelta) {
                    throw new InvalidRecordException("record offset delta " + offsetDelta + " where "
                            + expectedDelta + " was expected");
                }
                skipBytesField(view, recordEnd); // key
                skipBytesField(view, recordEnd); // value
                int headers = ByteUtils.readVarint(view);
                if (headers < 0 || headers > recordEnd - view.position()) {
                    throw new InvalidRecordException("invalid number of record headers " + headers);
                }
                for (int h = 0; h < headers; h++) {
                    int keyBytes = ByteUtils.readVarint(view);
                    if (keyBytes < 0) {
                        throw new InvalidRecordException("header key of negative length " + keyBytes);
                    }
                    skip(view, keyBytes, recordEnd);
                    skipBytesField(view, recordEnd); // header value
                }
                if (view.position() != recordEnd) {
                    throw new InvalidRecordException("record " + expectedDelta + " declares " + bodyBytes
                            + " bytes but its fields take " + (bodyBytes - (recordEnd - view.position())));
                }
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new InvalidRecordException("record batch does not parse: " + e.getMessage(), e);
        }
        if (view.hasRemaining()) {
            throw new InvalidRecordException(view.remaining() + " bytes follow the last of " + count + " records");
        }
    }

    /** A varint length (-1 = null) followed by that many bytes, all inside the record. */
    private static void skipBytesField(ByteBuffer view, int recordEnd) {
        int length = ByteUtils.readVarint(view);
        if (length < -1) {
            throw new InvalidRecordException("field of negative length " + length);
        }
        if (length > 0) {
            skip(view, length, recordEnd);
        }
    }

    private static void skip(ByteBuffer view, int length, int recordEnd) {
        if (length > recordEnd - view.position()) {
            throw new InvalidRecordException("field of " + length + " bytes runs past the end of its record");
        }
        view.position(view.position() + length);
    }
}
