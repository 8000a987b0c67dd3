package io.seckill.mq.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The names of the files in a partition directory, each prefixed by a 20-digit zero-padded
 * offset ({@code 00000000000000000000.log}), and the file operations the log needs to stay
 * crash-safe. Stateless.
 */
final class LogFiles {
    static final String LOG_SUFFIX = ".log";
    static final String OFFSET_INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String SNAPSHOT_SUFFIX = ".snapshot";
    /** Appended to the name of a file that is deleted after its grace period. */
    static final String DELETED_SUFFIX = ".deleted";
    static final String TEMP_SUFFIX = ".tmp";
    private static final int OFFSET_DIGITS = 20;

    private LogFiles() {
    }

    static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(prefix(baseOffset) + LOG_SUFFIX);
    }

    static Path offsetIndexFile(Path dir, long baseOffset) {
        return dir.resolve(prefix(baseOffset) + OFFSET_INDEX_SUFFIX);
    }

    static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(prefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    static Path snapshotFile(Path dir, long offset) {
        return dir.resolve(prefix(offset) + SNAPSHOT_SUFFIX);
    }

    /** The offset a file name starts with when it ends with {@code suffix}; empty for any other name. */
    static OptionalLong offsetOf(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix) || name.length() != OFFSET_DIGITS + suffix.length()) {
            return OptionalLong.empty();
        }
        String digits = name.substring(0, OFFSET_DIGITS);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    static String prefix(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(OFFSET_DIGITS - digits.length()) + digits;
    }

    /**
     * Replaces {@code target} with {@code content} so that after a crash it holds either the old
     * or the new content: write a temporary file, fsync it, rename it over the target.
     */
    static void writeAtomically(Path target, ByteBuffer content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes the creation, renaming and deletion of files in {@code dir} durable. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
