package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.protocol.FetchSessions.CachedPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FetchSessionsTest {

    private static CachedPartition partition(int index) {
        return new CachedPartition("t", Uuid.ZERO_UUID, index, 0, 1024);
    }

    private static PartitionData data(int index, long highWatermark, boolean records) {
        return new PartitionData().setPartitionIndex(index).setHighWatermark(highWatermark).setLogStartOffset(0)
                .setRecords(records ? MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))
                        : MemoryRecords.EMPTY);
    }

    @Test
    void theLeastRecentlyUsedSessionIsEvictedWhenTheCacheIsFull() {
        FetchSessions sessions = new FetchSessions(2);
        FetchSessions.Session first = sessions.open(List.of(partition(0)));
        FetchSessions.Session second = sessions.open(List.of(partition(0)));
        sessions.get(first.id);

        FetchSessions.Session third = sessions.open(List.of(partition(0)));

        assertThat(sessions.get(second.id)).isNull();
        assertThat(sessions.get(first.id)).isSameAs(first);
        assertThat(sessions.get(third.id)).isSameAs(third);
        assertThat(new FetchSessions(0).open(List.of(partition(0)))).as("no cache, no sessions").isNull();
    }

    @Test
    void onlyTheExpectedEpochIsAcceptedAndAWrongOneChangesNothing() {
        FetchSessions.Session session = new FetchSessions(10).open(List.of(partition(0)));

        assertThat(session.accept(2)).isFalse();
        assertThat(session.accept(1)).isTrue();
        assertThat(session.accept(1)).isFalse();
        assertThat(session.accept(2)).isTrue();
        assertThat(session.expectedEpoch()).isEqualTo(3);
    }

    @Test
    void aPartitionHasNewsUntilTheClientWasToldAndPartitionsThatReturnedRecordsMoveToTheEnd() {
        CachedPartition p0 = partition(0);
        CachedPartition p1 = partition(1);
        CachedPartition p2 = partition(2);
        FetchSessions.Session session = new FetchSessions(10).open(List.of(p0, p1, p2));
        assertThat(p1.hasNews(data(1, 0, false))).as("never told").isTrue();

        session.sent(List.of(p0, p1, p2), List.of(data(0, 5, true), data(1, 0, false), data(2, 0, false)));

        assertThat(p1.hasNews(data(1, 0, false))).isFalse();
        assertThat(p1.hasNews(data(1, 1, false))).as("the high watermark moved").isTrue();
        assertThat(p1.hasNews(data(1, 0, true))).as("records").isTrue();
        assertThat(p1.hasNews(data(1, 0, false).setErrorCode((short) 3))).as("an error").isTrue();
        assertThat(session.partitions()).containsExactly(p1, p2, p0);
    }

    @Test
    void aRequestUpdatesTheCachedOffsetsAndForgetsPartitions() {
        CachedPartition p0 = partition(0);
        FetchSessions.Session session = new FetchSessions(10).open(List.of(p0, partition(1)));

        session.put(new CachedPartition("t", Uuid.ZERO_UUID, 0, 42, 2048));
        session.forget(FetchSessions.Key.of("t", Uuid.ZERO_UUID, 1));
        session.put(new CachedPartition("t", Uuid.ZERO_UUID, 7, 3, 1024));

        assertThat(session.partitions()).extracting(p -> p.partition).containsExactly(0, 7);
        assertThat(p0.fetchOffset).isEqualTo(42);
        assertThat(p0.maxBytes).isEqualTo(2048);
    }
}
