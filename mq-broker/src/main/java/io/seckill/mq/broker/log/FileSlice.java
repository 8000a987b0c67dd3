package io.seckill.mq.broker.log;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.DefaultRecordsSend;
import org.apache.kafka.common.record.RecordsSend;
import org.apache.kafka.common.record.TransferableRecords;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A zero-copy view of whole record batches in one segment file: {@code sizeInBytes} bytes from
 * {@code position}. The log keeps the channel open at least {@code fileDeleteDelayMs} after the
 * segment is deleted, so a slice stays readable while a response is being sent. Immutable.
 */
public record FileSlice(FileChannel channel, long position, int sizeInBytes) implements TransferableRecords {

    /** No records. */
    public static final FileSlice EMPTY = new FileSlice(null, 0, 0);

    public FileSlice {
        if (position < 0 || sizeInBytes < 0) {
            throw new IllegalArgumentException("invalid slice: position " + position + ", size " + sizeInBytes);
        }
        if (channel == null && sizeInBytes > 0) {
            throw new IllegalArgumentException("a non-empty slice needs a channel");
        }
    }

    @Override
    public int writeTo(TransferableChannel destChannel, int offset, int length) throws IOException {
        int count = Math.min(length, sizeInBytes - offset);
        if (count <= 0) {
            return 0;
        }
        long written = destChannel.transferFrom(channel, position + offset, count);
        if (written == 0 && channel.size() < position + sizeInBytes) {
            // A truncated segment would otherwise make the sender spin on zero-byte transfers.
            throw new KafkaException("segment shrank below the fetched range: size " + channel.size()
                    + " < " + (position + sizeInBytes));
        }
        return (int) written;
    }

    @Override
    public RecordsSend<FileSlice> toSend() {
        return new DefaultRecordsSend<>(this);
    }
}
