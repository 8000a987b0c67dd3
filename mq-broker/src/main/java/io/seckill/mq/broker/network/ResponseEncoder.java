package io.seckill.mq.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.seckill.mq.broker.log.FileSlice;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.requests.ResponseHeader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes a response (size prefix, header, body) with kafka-clients' generated message classes
 * into Netty objects: one buffer for all regular fields, and a {@link FileSliceRegion} in place of
 * every {@link FileSlice} records field, so fetched log data is sent zero-copy.
 */
final class ResponseEncoder {

    private ResponseEncoder() {
    }

    /** The parts to write, in order: {@link ByteBuf}s and {@link FileSliceRegion}s. */
    static List<Object> encode(ResponseHeader header, ApiMessage body, short apiVersion, ByteBufAllocator allocator) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        header.data().addSize(size, cache, header.headerVersion());
        body.addSize(size, cache, apiVersion);

        ByteBuf buffer = allocator.buffer(size.sizeExcludingZeroCopy() + 4);
        NettyWritable writable = new NettyWritable(buffer);
        try {
            buffer.writeInt(size.totalSize());
            header.data().write(writable, cache, header.headerVersion());
            body.write(writable, cache, apiVersion);
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
        return writable.parts();
    }

    /** Writes into one buffer and records where zero-copy regions are spliced in. */
    private static final class NettyWritable implements Writable {
        private final ByteBuf buffer;
        private final List<Object> parts = new ArrayList<>(2);
        private int sliceStart;

        NettyWritable(ByteBuf buffer) {
            this.buffer = buffer;
        }

        List<Object> parts() {
            if (parts.isEmpty()) {
                return List.of(buffer);
            }
            if (buffer.writerIndex() > sliceStart) {
                parts.add(buffer.retainedSlice(sliceStart, buffer.writerIndex() - sliceStart));
            }
            buffer.release();
            return parts;
        }

        @Override
        public void writeRecords(BaseRecords records) {
            if (records instanceof FileSlice slice) {
                if (slice.sizeInBytes() == 0) {
                    return;
                }
                if (buffer.writerIndex() > sliceStart) {
                    parts.add(buffer.retainedSlice(sliceStart, buffer.writerIndex() - sliceStart));
                }
                sliceStart = buffer.writerIndex();
                parts.add(new FileSliceRegion(slice.channel(), slice.position(), slice.sizeInBytes()));
            } else {
                Writable.super.writeRecords(records);
            }
        }

        @Override
        public void writeByte(byte val) {
            buffer.writeByte(val);
        }

        @Override
        public void writeShort(short val) {
            buffer.writeShort(val);
        }

        @Override
        public void writeInt(int val) {
            buffer.writeInt(val);
        }

        @Override
        public void writeLong(long val) {
            buffer.writeLong(val);
        }

        @Override
        public void writeDouble(double val) {
            buffer.writeDouble(val);
        }

        @Override
        public void writeByteArray(byte[] arr) {
            buffer.writeBytes(arr);
        }

        @Override
        public void writeUnsignedVarint(int value) {
            int v = value;
            while ((v & ~0x7F) != 0) {
                buffer.writeByte((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buffer.writeByte(v);
        }

        @Override
        public void writeByteBuffer(ByteBuffer buf) {
            buffer.writeBytes(buf.duplicate());
        }

        @Override
        public void writeVarint(int value) {
            writeUnsignedVarint((value << 1) ^ (value >> 31));
        }

        @Override
        public void writeVarlong(long value) {
            long v = (value << 1) ^ (value >> 63);
            while ((v & ~0x7FL) != 0) {
                buffer.writeByte(((int) v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buffer.writeByte((int) v);
        }
    }
}
