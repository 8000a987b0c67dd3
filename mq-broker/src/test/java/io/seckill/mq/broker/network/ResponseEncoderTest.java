package io.seckill.mq.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.seckill.mq.broker.log.FileSlice;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseEncoderTest {

    @Test
    void encodedResponseParsesBackWithKafkaClients() {
        MetadataResponseData data = new MetadataResponseData().setClusterId("c1").setControllerId(0);
        data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(0).setHost("h").setPort(1));
        short version = 12;
        List<Object> parts = ResponseEncoder.encode(new ResponseHeader(7, ApiKeys.METADATA.responseHeaderVersion(version)),
                data, version, ByteBufAllocator.DEFAULT);
        assertThat(parts).hasSize(1);
        ByteBuffer frame = toFrame(parts);
        AbstractResponse parsed = AbstractResponse.parseResponse(frame,
                new RequestHeader(ApiKeys.METADATA, version, "c", 7));
        assertThat(((MetadataResponse) parsed).clusterId()).isEqualTo("c1");
        assertThat(((MetadataResponse) parsed).brokers()).hasSize(1);
    }

    @Test
    void fileSlicesBecomeZeroCopyRegionsBetweenBuffers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data");
        byte[] records = org.apache.kafka.common.record.MemoryRecords.withRecords(
                org.apache.kafka.common.compress.Compression.NONE,
                new org.apache.kafka.common.record.SimpleRecord("v".getBytes())).buffer().array();
        byte[] content = new byte[records.length + 10];
        System.arraycopy(records, 0, content, 10, records.length);
        Files.write(file, content);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FetchResponseData data = new FetchResponseData();
            data.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic("t").setPartitions(List.of(
                    new FetchResponseData.PartitionData().setPartitionIndex(0).setHighWatermark(1)
                            .setRecords(new FileSlice(channel, 10, records.length)))));
            short version = 12;
            List<Object> parts = ResponseEncoder.encode(new ResponseHeader(3, ApiKeys.FETCH.responseHeaderVersion(version)),
                    data, version, ByteBufAllocator.DEFAULT);
            assertThat(parts).hasSize(3);
            assertThat(parts.get(1)).isInstanceOf(FileSliceRegion.class);
            FetchResponse parsed = (FetchResponse) AbstractResponse.parseResponse(toFrame(parts),
                    new RequestHeader(ApiKeys.FETCH, version, "c", 3));
            FetchResponseData.PartitionData partition = parsed.data().responses().getFirst().partitions().getFirst();
            assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
            var batch = FetchResponse.recordsOrFail(partition).batches().iterator().next();
            assertThat(batch.iterator().next().value()).isEqualTo(ByteBuffer.wrap("v".getBytes()));
        }
    }

    /** Concatenates the parts as the socket would see them and strips the size prefix. */
    private static ByteBuffer toFrame(List<Object> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof ByteBuf buf) {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                out.writeBytes(bytes);
                buf.release();
            } else {
                FileSliceRegion region = (FileSliceRegion) part;
                try {
                    var target = Channels.newChannel(out);
                    long position = 0;
                    while (position < region.count()) {
                        position += region.transferTo(target, position);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        ByteBuffer frame = ByteBuffer.wrap(out.toByteArray());
        assertThat(frame.getInt()).isEqualTo(frame.remaining());
        return frame.slice();
    }
}
