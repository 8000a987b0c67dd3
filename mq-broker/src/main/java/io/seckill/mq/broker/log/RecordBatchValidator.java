package io.seckill.mq.broker.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

import java.util.ArrayList;
import java.util.Iterator;
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
        if (!batch.isCompressed()) {
            validateUncompressedRecords(batch);
        }
    }

    /** Parses every record; the iterator itself rejects a count that does not match the bytes. */
    private static void validateUncompressedRecords(MutableRecordBatch batch) {
        long expectedOffset = batch.baseOffset();
        try {
            Iterator<Record> records = batch.iterator();
            while (records.hasNext()) {
                Record record = records.next();
                if (record.offset() != expectedOffset) {
                    throw new InvalidRecordException("record offset delta " + (record.offset() - batch.baseOffset())
                            + " where " + (expectedOffset - batch.baseOffset()) + " was expected");
                }
                expectedOffset++;
            }
        } catch (ApiException e) {
            throw e;
        } catch (KafkaException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new InvalidRecordException("record batch does not parse: " + e.getMessage(), e);
        }
    }
}
