package io.seckill.mq.broker.log;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The file format of a producer-state snapshot {@code <offset>.snapshot}, which holds the state of
 * every idempotent producer after all batches below {@code offset}:
 * <pre>
 * int version (1) | int crc32c of everything after it | int producerCount
 * producerCount x { long producerId | short epoch | int batchCount
 *                   batchCount x { int firstSeq | int lastSeq | long firstOffset | long lastOffset
 *                                  | long timestampMs } }
 * </pre>
 * Written atomically; a file that does not check out is ignored. Stateless.
 */
final class ProducerStateSnapshot {
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 12;
    private static final int PRODUCER_BYTES = 14;
    private static final int BATCH_BYTES = 32;

    private ProducerStateSnapshot() {
    }

    static void write(Path file, Map<Long, ProducerEntry> producers) throws IOException {
        int size = HEADER_BYTES;
        for (ProducerEntry entry : producers.values()) {
            size += PRODUCER_BYTES + entry.batches().size() * BATCH_BYTES;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(VERSION).putInt(0).putInt(producers.size());
        for (Map.Entry<Long, ProducerEntry> producer : producers.entrySet()) {
            ProducerEntry entry = producer.getValue();
            buffer.putLong(producer.getKey()).putShort(entry.epoch()).putInt(entry.batches().size());
            for (BatchMetadata batch : entry.batches()) {
                buffer.putInt(batch.firstSeq()).putInt(batch.lastSeq()).putLong(batch.firstOffset())
                        .putLong(batch.lastOffset()).putLong(batch.timestampMs());
            }
        }
        buffer.putInt(4, (int) checksum(buffer));
        LogFiles.writeAtomically(file, buffer.flip());
    }

    /** The producers stored in {@code file}; empty when it is unreadable, truncated or corrupt. */
    static Optional<Map<Long, ProducerEntry>> read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buffer.remaining() < HEADER_BYTES || buffer.getInt(0) != VERSION
                || buffer.getInt(4) != (int) checksum(buffer.duplicate().position(buffer.limit()))) {
            return Optional.empty();
        }
        try {
            buffer.position(8);
            int producerCount = buffer.getInt();
            Map<Long, ProducerEntry> producers = new HashMap<>();
            for (int i = 0; i < producerCount; i++) {
                long producerId = buffer.getLong();
                ProducerEntry entry = new ProducerEntry(buffer.getShort());
                int batchCount = buffer.getInt();
                for (int b = 0; b < batchCount; b++) {
                    entry.add(entry.epoch(), new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(),
                            buffer.getLong(), buffer.getLong()));
                }
                producers.put(producerId, entry);
            }
            return buffer.hasRemaining() ? Optional.empty() : Optional.of(producers);
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    /** CRC-32C of the bytes after the CRC field, up to the buffer's position. */
    private static long checksum(ByteBuffer buffer) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(buffer.position()).position(8));
        return crc.getValue();
    }
}
