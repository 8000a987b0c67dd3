package io.seckill.mq.broker.group;

import io.seckill.mq.broker.log.HighWatermarkListener;
import io.seckill.mq.broker.log.LogConfig;
import io.seckill.mq.broker.log.LogManager;
import io.seckill.mq.broker.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GroupLogTest {

    private static final TopicPartition OFFSETS = new TopicPartition("__consumer_offsets", 0);
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    @TempDir
    Path dataDir;

    /** Opens the data directory's offsets partition, runs {@code action} on a GroupLog over it, closes cleanly. */
    private <T> T withGroupLog(GroupLogAction<T> action) throws Exception {
        LogManager logs = LogManager.open(dataDir, Map.of(OFFSETS, LogConfig.defaults()), HighWatermarkListener.NONE,
                Time.SYSTEM);
        try {
            PartitionLog partition = logs.createPartition(OFFSETS, LogConfig.defaults());
            return action.run(new GroupLog(partition, dataDir.resolve("offsets.snapshot"), Time.SYSTEM), partition);
        } finally {
            logs.close();
        }
    }

    @FunctionalInterface
    private interface GroupLogAction<T> {
        T run(GroupLog groupLog, PartitionLog partition) throws Exception;
    }

    private static GroupMetadataValue stableGroup(int generation) {
        return new GroupMetadataValue("consumer", "range", generation, "m1", List.of(
                new GroupMetadataValue.MemberValue("m1", "instance-1", "client", "/127.0.0.1", 30_000, 10_000,
                        new byte[]{1, 2}, new byte[]{3})));
    }

    @Test
    void committedOffsetsGroupsAndDeletionsSurviveAReopen() throws Exception {
        withGroupLog((groupLog, partition) -> {
            groupLog.load();
            groupLog.writeOffsets("g", Map.of(ORDERS_0, new CommittedOffset(10, 1, "m", 111),
                    ORDERS_1, new CommittedOffset(20, -1, null, 112))).join();
            groupLog.writeGroup("g", stableGroup(4)).join();
            groupLog.writeGroup("gone", stableGroup(1)).join();
            groupLog.writeGroup("gone", null).join();
            Map<TopicPartition, CommittedOffset> tombstone = new HashMap<>();
            tombstone.put(ORDERS_1, null);
            return groupLog.writeOffsets("g", tombstone).join();
        });

        GroupLogState state = withGroupLog((groupLog, partition) -> groupLog.load());

        assertThat(state.offsets()).containsOnlyKeys("g");
        assertThat(state.offsets().get("g")).containsOnly(Map.entry(ORDERS_0, new CommittedOffset(10, 1, "m", 111)));
        assertThat(state.groups()).containsOnlyKeys("g");
        GroupMetadataValue group = state.groups().get("g");
        assertThat(group.generationId()).isEqualTo(4);
        assertThat(group.members()).singleElement().satisfies(m -> {
            assertThat(m.groupInstanceId()).isEqualTo("instance-1");
            assertThat(m.subscription()).containsExactly(1, 2);
            assertThat(m.assignment()).containsExactly(3);
        });
    }

    @Test
    void aLogOfMostlyOverwrittenCommitsIsCompactedToTheLiveSetOnStart() throws Exception {
        withGroupLog((groupLog, partition) -> {
            groupLog.load();
            for (int i = 0; i < 12_000; i++) {
                groupLog.writeOffsets("g", Map.of(ORDERS_0, new CommittedOffset(i, -1, "", i)));
            }
            return groupLog.writeGroup("g", stableGroup(2)).join();
        });

        long recordsAfterCompaction = withGroupLog((groupLog, partition) -> {
            GroupLogState state = groupLog.load();
            assertThat(state.offsets().get("g").get(ORDERS_0).offset()).isEqualTo(11_999);
            return partition.logEndOffset() - partition.logStartOffset();
        });
        GroupLogState reloaded = withGroupLog((groupLog, partition) -> groupLog.load());

        assertThat(recordsAfterCompaction).isEqualTo(2);
        assertThat(reloaded.offsets().get("g").get(ORDERS_0).offset()).isEqualTo(11_999);
        assertThat(reloaded.groups().get("g").generationId()).isEqualTo(2);
    }

    @Test
    void aCompactionInterruptedAfterItsSnapshotFileIsFinishedOnTheNextStart() throws Exception {
        withGroupLog((groupLog, partition) -> {
            groupLog.load();
            return groupLog.writeOffsets("g", Map.of(ORDERS_0, new CommittedOffset(1, -1, "", 1))).join();
        });
        GroupLogState live = new GroupLogState();
        live.apply(new GroupRecords.OffsetEntry("g", ORDERS_0, new CommittedOffset(5, -1, "", 5)));
        writeSnapshotFile(live);

        GroupLogState state = withGroupLog((groupLog, partition) -> groupLog.load());
        GroupLogState reloaded = withGroupLog((groupLog, partition) -> groupLog.load());

        assertThat(state.offsets().get("g").get(ORDERS_0).offset()).isEqualTo(5);
        assertThat(reloaded.offsets().get("g").get(ORDERS_0).offset()).isEqualTo(5);
        assertThat(dataDir.resolve("offsets.snapshot")).doesNotExist();
    }

    private void writeSnapshotFile(GroupLogState live) throws IOException {
        List<SimpleRecord> records = live.toRecords(1);
        MemoryRecords memory = MemoryRecords.withRecords(Compression.NONE, records.toArray(SimpleRecord[]::new));
        byte[] bytes = new byte[memory.sizeInBytes()];
        memory.buffer().get(bytes);
        Files.write(dataDir.resolve("offsets.snapshot"), bytes);
    }
}
