package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Crc32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static io.seckill.mq.broker.log.TestLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppendValidationTest {
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int LAST_OFFSET_DELTA_OFFSET = 23;
    private static final int RECORDS_COUNT_OFFSET = 57;
    private static final int CRC_OFFSET = 17;
    private static final int FIRST_RECORD_OFFSET_DELTA = 64;

    @TempDir
    Path dataDir;
    private LogManager manager;
    private PartitionLog log;

    @BeforeEach
    void openLogWithOneBatch() throws IOException {
        manager = TestLogs.open(dataDir, TestLogs.smallConfig().withMaxMessageBytes(2000), new ManualTime());
        log = manager.partition(TP).orElseThrow();
        log.append(batch(2, "ok", 1L));
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /** Applies a change to the first batch's header and recomputes its CRC, as a buggy client would. */
    private static MemoryRecords withHeaderChange(MemoryRecords records, Consumer<ByteBuffer> change) {
        ByteBuffer buffer = records.buffer();
        change.accept(buffer);
        buffer.putInt(CRC_OFFSET, (int) Crc32C.compute(buffer, ATTRIBUTES_OFFSET, buffer.limit() - ATTRIBUTES_OFFSET));
        return MemoryRecords.readableRecords(buffer);
    }

    private void assertRejectedWithLogUnchanged(MemoryRecords records, Class<? extends Exception> error) {
        long sizeBefore = log.sizeInBytes();

        assertThatThrownBy(() -> log.append(records)).isInstanceOf(error);

        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.sizeInBytes()).isEqualTo(sizeBefore);
        assertThat(TestLogs.readValues(log)).containsExactly("ok-0", "ok-1");
        assertThat(log.append(batch(1, "next", 1L)).firstOffset()).isEqualTo(2);
    }

    @Test
    void batchWithWrongCrcIsRejectedAsCorrupt() {
        MemoryRecords records = batch(3, "bad", 1L);
        ByteBuffer buffer = records.buffer();
        buffer.put(buffer.limit() - 1, (byte) (buffer.get(buffer.limit() - 1) ^ 0x01));

        assertRejectedWithLogUnchanged(MemoryRecords.readableRecords(buffer), CorruptRecordException.class);
        assertThat(Errors.forException(new CorruptRecordException("x"))).isEqualTo(Errors.CORRUPT_MESSAGE);
    }

    @Test
    void magicV1BatchIsUnsupported() {
        MemoryRecords records = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                TestLogs.records(2, "v1", 1L));

        assertRejectedWithLogUnchanged(records, UnsupportedForMessageFormatException.class);
    }

    @Test
    void controlBatchIsRejected() {
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(7L, (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0));

        assertRejectedWithLogUnchanged(marker, InvalidRecordException.class);
    }

    @Test
    void controlFlagWithoutTransactionIsRejected() {
        MemoryRecords records = withHeaderChange(batch(2, "c", 1L),
                buffer -> buffer.putShort(ATTRIBUTES_OFFSET, (short) (buffer.getShort(ATTRIBUTES_OFFSET) | 0x20)));

        assertRejectedWithLogUnchanged(records, InvalidRecordException.class);
    }

    @Test
    void transactionalBatchIsRejected() {
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, 7L, (short) 0, 0,
                TestLogs.records(2, "txn", 1L));

        assertRejectedWithLogUnchanged(records, InvalidRecordException.class);
    }

    @Test
    void batchLargerThanMaxMessageBytesIsTooLarge() {
        assertRejectedWithLogUnchanged(batch(200, "large", 1L), RecordTooLargeException.class);
    }

    @Test
    void lastOffsetDeltaMustBeRecordCountMinusOne() {
        MemoryRecords records = withHeaderChange(batch(3, "delta", 1L),
                buffer -> buffer.putInt(LAST_OFFSET_DELTA_OFFSET, 3));

        assertRejectedWithLogUnchanged(records, InvalidRecordException.class);
    }

    @Test
    void batchWithoutRecordsIsRejected() {
        MemoryRecords records = withHeaderChange(batch(1, "none", 1L), buffer -> {
            buffer.putInt(RECORDS_COUNT_OFFSET, 0);
            buffer.putInt(LAST_OFFSET_DELTA_OFFSET, -1);
        });

        assertRejectedWithLogUnchanged(records, InvalidRecordException.class);
    }

    @Test
    void uncompressedRecordsMustCarryOffsetDeltasFromZero() {
        MemoryRecords records = withHeaderChange(batch(2, "o", 1L),
                buffer -> buffer.put(FIRST_RECORD_OFFSET_DELTA, (byte) 2));

        assertThatThrownBy(() -> log.append(records)).hasMessageContaining("offset delta 1");
        assertRejectedWithLogUnchanged(records, InvalidRecordException.class);
    }

    @Test
    void recordWhoseFieldLengthsDoNotFitItsSizeIsRejected() {
        // the first record's key length varint sits right after its offset delta; claim 60 bytes
        MemoryRecords records = withHeaderChange(batch(2, "k", 1L),
                buffer -> buffer.put(FIRST_RECORD_OFFSET_DELTA + 1, (byte) 120));

        assertThatThrownBy(() -> log.append(records)).hasMessageContaining("past the end of its record");
        assertRejectedWithLogUnchanged(records, InvalidRecordException.class);
    }

    @Test
    void recordCountThatDoesNotMatchTheBytesIsRejected() {
        MemoryRecords records = withHeaderChange(batch(3, "n", 1L), buffer -> {
            buffer.putInt(RECORDS_COUNT_OFFSET, 2);
            buffer.putInt(LAST_OFFSET_DELTA_OFFSET, 1);
        });

        assertRejectedWithLogUnchanged(records, InvalidRecordException.class);
    }

    @Test
    void trailingBytesThatAreNoWholeBatchAreRejected() {
        MemoryRecords valid = batch(2, "t", 1L);
        ByteBuffer withTail = ByteBuffer.allocate(valid.sizeInBytes() + 10)
                .put(valid.buffer()).put(new byte[10]).flip();

        assertRejectedWithLogUnchanged(MemoryRecords.readableRecords(withTail), InvalidRecordException.class);
    }

    @Test
    void lengthFieldBeyondTheBufferIsRejected() {
        MemoryRecords records = batch(2, "l", 1L);
        ByteBuffer buffer = records.buffer();
        buffer.putInt(8, buffer.getInt(8) + 100);

        assertRejectedWithLogUnchanged(MemoryRecords.readableRecords(buffer), InvalidRecordException.class);
    }

    @Test
    void oneBadBatchRejectsTheWholeRequest() {
        MemoryRecords bad = batch(3, "bad", 1L);
        ByteBuffer buffer = bad.buffer();
        buffer.put(buffer.limit() - 1, (byte) (buffer.get(buffer.limit() - 1) ^ 0x01));

        assertRejectedWithLogUnchanged(TestLogs.concat(batch(2, "good", 1L), MemoryRecords.readableRecords(buffer)),
                CorruptRecordException.class);
    }

    @Test
    void compressedBatchesAreAcceptedWithoutDecompression() {
        LogAppendResult result = log.append(batch(Compression.lz4().build(), 10, "z", 1L));

        assertThat(result.appendedRecords()).isEqualTo(10);
        assertThat(log.logEndOffset()).isEqualTo(12);
    }
}
