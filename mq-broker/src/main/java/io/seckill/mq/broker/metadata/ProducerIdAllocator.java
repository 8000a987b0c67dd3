package io.seckill.mq.broker.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hands out producer ids that are never reused, even across crashes: ids are reserved in blocks and
 * the end of the current block is made durable before any id from it is returned.
 *
 * <p>Thread-safe (synchronized; one fsync per {@value #BLOCK_SIZE} ids).
 */
public final class ProducerIdAllocator {

    static final int BLOCK_SIZE = 1000;

    private final Path file;
    private long next;
    private long blockEnd;

    private ProducerIdAllocator(Path file, long next) {
        this.file = file;
        this.next = next;
        this.blockEnd = next;
    }

    public static ProducerIdAllocator load(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("__metadata");
        Files.createDirectories(dir);
        Path file = dir.resolve("producer-ids");
        long next = 0;
        if (Files.exists(file)) {
            next = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        }
        return new ProducerIdAllocator(file, next);
    }

    public synchronized long nextProducerId() {
        if (next == blockEnd) {
            long newEnd = blockEnd + BLOCK_SIZE;
            try {
                DurableFiles.replace(file, String.valueOf(newEnd).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reserve producer ids", e);
            }
            blockEnd = newEnd;
        }
        return next++;
    }
}
