package io.seckill.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies what is appended to a file to an output stream, byte for byte (the status line's carriage returns and the
 * UTF-8 symbols pass through unchanged), like {@code tail -f}. {@link #pump()} is synchronized: the front process
 * pumps from its main thread and from its Ctrl-C hook.
 */
final class LogFollower {

    private final Path file;
    private final OutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long position;

    /** Follows {@code file} from {@code position} (0: from the start, or its current size to skip what is there). */
    LogFollower(Path file, long position, OutputStream out) {
        this.file = file;
        this.position = position;
        this.out = out;
    }

    /** The current size of {@code file}, 0 if it does not exist. */
    static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Copies everything appended since the last call. */
    synchronized void pump() {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                buffer.clear();
                int read = channel.read(buffer, position);
                if (read <= 0) {
                    break;
                }
                out.write(buffer.array(), 0, read);
                position += read;
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot follow " + file, e);
        }
    }
}
