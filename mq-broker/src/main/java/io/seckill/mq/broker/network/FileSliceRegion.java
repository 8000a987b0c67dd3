package io.seckill.mq.broker.network;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A Netty {@link FileRegion} over a range of a log segment, sent with {@code FileChannel.transferTo}
 * (sendfile) so fetched bytes never enter the JVM heap.
 *
 * <p>Unlike Netty's {@code DefaultFileRegion} it does not close the channel when released: the log
 * owns segment channels and keeps them open until a deleted segment's grace period has passed.
 */
final class FileSliceRegion extends AbstractReferenceCounted implements FileRegion {

    private final FileChannel file;
    private final long filePosition;
    private final long count;
    private long transferred;

    FileSliceRegion(FileChannel file, long filePosition, long count) {
        this.file = file;
        this.filePosition = filePosition;
        this.count = count;
    }

    @Override
    public long position() {
        return filePosition;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        long remaining = count - position;
        if (remaining <= 0) {
            return 0;
        }
        long written = file.transferTo(filePosition + position, remaining, target);
        if (written > 0) {
            transferred += written;
        } else if (written == 0 && file.size() < filePosition + count) {
            // A truncated file would otherwise make the event loop spin on zero-byte transfers.
            throw new IOException("segment shrank below the fetched range: size " + file.size()
                    + " < " + (filePosition + count));
        }
        return written;
    }

    @Override
    public FileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileRegion touch() {
        return this;
    }

    @Override
    public FileRegion touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        // The channel belongs to the log segment; nothing to free here.
    }
}
