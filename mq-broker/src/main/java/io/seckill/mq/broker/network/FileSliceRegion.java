package io.seckill.mq.broker.network;

import io.netty.channel.DefaultFileRegion;

import java.nio.channels.FileChannel;

/**
 * A range of a log segment, written to the socket without entering the JVM heap: the epoll
 * transport sends a {@link DefaultFileRegion} with one {@code sendfile} call, the NIO transport
 * with {@code FileChannel.transferTo}. Both fail the write, instead of spinning, when the file
 * shrank below the range.
 *
 * <p>Unlike a plain {@code DefaultFileRegion} it does not close the channel when released: the
 * log owns segment channels and keeps them open until a deleted segment's grace period has passed.
 */
final class FileSliceRegion extends DefaultFileRegion {

    FileSliceRegion(FileChannel file, long filePosition, long count) {
        super(file, filePosition, count);
    }

    @Override
    protected void deallocate() {
        // The channel belongs to the log segment; nothing to free here.
    }
}
