package io.seckill.mq.broker.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Utils;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The record layout of the offsets log. A key is a type (0 = committed offset, 1 = group metadata)
 * followed by the group id and, for offsets, topic and partition; a value starts with a format
 * version. A null value is a tombstone: the key's entry is gone. Fields are big-endian
 * {@link DataOutputStream} primitives; a nullable string is a presence flag then the string.
 * Stateless and thread-safe.
 */
final class GroupRecords {

    /** One decoded record: an offset or group entry, {@code null} value meaning deleted. */
    sealed interface Entry permits OffsetEntry, GroupEntry {
    }

    record OffsetEntry(String groupId, TopicPartition partition, CommittedOffset value) implements Entry {
    }

    record GroupEntry(String groupId, GroupMetadataValue value) implements Entry {
    }

    private static final short OFFSET_KEY = 0;
    private static final short GROUP_KEY = 1;
    private static final short VALUE_VERSION = 0;

    private GroupRecords() {
    }

    static SimpleRecord offset(String groupId, TopicPartition tp, CommittedOffset value, long timestampMs) {
        byte[] key = write(out -> {
            out.writeShort(OFFSET_KEY);
            out.writeUTF(groupId);
            out.writeUTF(tp.topic());
            out.writeInt(tp.partition());
        });
        byte[] body = value == null ? null : write(out -> {
            out.writeShort(VALUE_VERSION);
            out.writeLong(value.offset());
            out.writeInt(value.leaderEpoch());
            writeNullable(out, value.metadata());
            out.writeLong(value.commitTimestampMs());
        });
        return new SimpleRecord(timestampMs, key, body);
    }

    static SimpleRecord group(String groupId, GroupMetadataValue value, long timestampMs) {
        byte[] key = write(out -> {
            out.writeShort(GROUP_KEY);
            out.writeUTF(groupId);
        });
        byte[] body = value == null ? null : write(out -> writeGroupValue(out, value));
        return new SimpleRecord(timestampMs, key, body);
    }

    private static void writeGroupValue(DataOutputStream out, GroupMetadataValue value) throws IOException {
        out.writeShort(VALUE_VERSION);
        out.writeUTF(value.protocolType());
        writeNullable(out, value.protocolName());
        out.writeInt(value.generationId());
        writeNullable(out, value.leaderId());
        out.writeInt(value.members().size());
        for (GroupMetadataValue.MemberValue member : value.members()) {
            out.writeUTF(member.memberId());
            writeNullable(out, member.groupInstanceId());
            out.writeUTF(member.clientId());
            out.writeUTF(member.clientHost());
            out.writeInt(member.rebalanceTimeoutMs());
            out.writeInt(member.sessionTimeoutMs());
            writeBytes(out, member.subscription());
            writeBytes(out, member.assignment());
        }
    }

    /** Decodes a record of the offsets log; throws {@link IllegalArgumentException} for anything else. */
    static Entry decode(Record record) {
        try {
            DataInputStream key = input(record.key());
            short type = key.readShort();
            String groupId = key.readUTF();
            DataInputStream value = record.hasValue() ? input(record.value()) : null;
            if (type == OFFSET_KEY) {
                TopicPartition tp = new TopicPartition(key.readUTF(), key.readInt());
                return new OffsetEntry(groupId, tp, value == null ? null : readOffsetValue(value));
            }
            if (type == GROUP_KEY) {
                return new GroupEntry(groupId, value == null ? null : readGroupValue(value));
            }
            throw new IllegalArgumentException("unknown key type " + type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an offsets-log record at offset " + record.offset(), e);
        }
    }

    private static CommittedOffset readOffsetValue(DataInputStream in) throws IOException {
        requireVersion(in.readShort());
        return new CommittedOffset(in.readLong(), in.readInt(), readNullable(in), in.readLong());
    }

    private static GroupMetadataValue readGroupValue(DataInputStream in) throws IOException {
        requireVersion(in.readShort());
        String protocolType = in.readUTF();
        String protocolName = readNullable(in);
        int generationId = in.readInt();
        String leaderId = readNullable(in);
        int count = in.readInt();
        List<GroupMetadataValue.MemberValue> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new GroupMetadataValue.MemberValue(in.readUTF(), readNullable(in), in.readUTF(),
                    in.readUTF(), in.readInt(), in.readInt(), readBytes(in), readBytes(in)));
        }
        return new GroupMetadataValue(protocolType, protocolName, generationId, leaderId, members);
    }

    private static void requireVersion(short version) {
        if (version != VALUE_VERSION) {
            throw new IllegalArgumentException("unknown value version " + version);
        }
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    private static DataInputStream input(ByteBuffer buffer) {
        return new DataInputStream(new ByteArrayInputStream(Utils.toArray(buffer)));
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
