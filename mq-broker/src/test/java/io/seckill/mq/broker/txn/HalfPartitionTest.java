package io.seckill.mq.broker.txn;

import io.seckill.mq.broker.config.CoordinatorSettings;
import io.seckill.mq.client.MqContract.RecordType;
import org.junit.jupiter.api.Test;

import static io.seckill.mq.broker.txn.HalfRecords.half;
import static io.seckill.mq.broker.txn.HalfRecords.marker;
import static org.assertj.core.api.Assertions.assertThat;

class HalfPartitionTest {

    private static final CoordinatorSettings SETTINGS = CoordinatorSettings.defaults().withChecks(1_000, 2, 500);

    private final HalfRecords.RecordingActions actions = new HalfRecords.RecordingActions();
    private final HalfPartition partition = new HalfPartition(0, 0, 0, SETTINGS, actions);

    @Test
    void commitDeliversAndRollbackDiscards() {
        partition.apply(half(0, 100, "a"));
        partition.apply(half(1, 100, "b"));
        partition.apply(marker(2, 110, "a", RecordType.COMMIT));
        partition.apply(marker(3, 110, "b", RecordType.ROLLBACK));

        assertThat(actions.of("deliver")).containsExactly("a");
        assertThat(actions.of("rolledBack")).containsExactly("b");
        assertThat(partition.pendingCount()).isZero();
        assertThat(partition.resumeOffset()).isEqualTo(4);
    }

    @Test
    void resumeOffsetIsTheOldestUndecidedHalfMessage() {
        partition.apply(half(0, 100, "a"));
        partition.apply(half(1, 100, "b"));
        partition.apply(marker(2, 110, "a", RecordType.COMMIT));

        assertThat(partition.resumeOffset()).isEqualTo(1);
        assertThat(partition.processedOffset()).isEqualTo(3);
    }

    @Test
    void aSecondDecisionForTheSameMessageIsLateAndIgnored() {
        partition.apply(half(0, 100, "a"));
        partition.apply(marker(1, 110, "a", RecordType.COMMIT));
        partition.apply(marker(2, 120, "a", RecordType.COMMIT));
        partition.apply(marker(3, 120, "a", RecordType.ROLLBACK));

        assertThat(actions.of("deliver")).containsExactly("a");
        assertThat(actions.of("late")).containsExactly("a", "a");
    }

    @Test
    void undecidedMessageIsCheckedAfterTheTimeoutThenEveryIntervalThenGivenUp() {
        partition.apply(half(0, 1_000, "a"));

        partition.checkDue(1_999, true);
        assertThat(actions.of("check")).isEmpty();
        partition.checkDue(2_000, true);
        partition.checkDue(2_400, true);
        partition.checkDue(2_500, true);
        assertThat(actions.of("check")).containsExactly("a#1", "a#2");
        partition.checkDue(2_999, true);
        assertThat(actions.of("giveUp")).isEmpty();
        partition.checkDue(3_000, true);
        assertThat(actions.of("giveUp")).containsExactly("a");
        assertThat(partition.pendingCount()).isZero();
    }

    @Test
    void aLaggingCoordinatorDoesNotCheckWhatItHasNotReadPast() {
        partition.apply(half(0, 1_000, "a"));

        // Not caught up, and nothing read stamped after the due time: the decision may be just behind.
        partition.checkDue(5_000, false);
        assertThat(actions.of("check")).isEmpty();
        partition.apply(half(1, 2_100, "b"));
        partition.checkDue(5_000, false);
        assertThat(actions.of("check")).containsExactly("a#1");
    }

    @Test
    void replayedCheckMarkersRestoreTheCheckCount() {
        HalfPartition restarted = new HalfPartition(0, 0, 3, SETTINGS, actions);
        restarted.apply(half(0, 1_000, "a"));
        restarted.apply(checkMarker(1, 2_000, "a", 1));
        restarted.apply(checkMarker(2, 2_500, "a", 2));

        restarted.checkDue(2_999, true);
        assertThat(actions.actions).isEmpty();
        restarted.checkDue(3_000, true);
        assertThat(actions.of("giveUp")).containsExactly("a");
    }

    @Test
    void nothingIsCheckedWhileReplaying() {
        HalfPartition restarted = new HalfPartition(0, 0, 2, SETTINGS, actions);
        restarted.apply(half(0, 1_000, "a"));

        restarted.checkDue(10_000, true);
        assertThat(actions.actions).isEmpty();
    }

    @Test
    void recordsThatAreNotProtocolRecordsAreReportedNotApplied() {
        partition.apply(HalfRecords.record(0, 100, new org.apache.kafka.common.header.internals.RecordHeaders()));
        org.apache.kafka.common.header.internals.RecordHeaders noTarget = new org.apache.kafka.common.header.internals.RecordHeaders();
        noTarget.add("mq-message-id", "x".getBytes());
        partition.apply(HalfRecords.record(1, 100, noTarget));

        assertThat(actions.of("malformed")).containsExactly("0", "1");
        assertThat(partition.pendingCount()).isZero();
        assertThat(partition.resumeOffset()).isEqualTo(2);
    }

    private static org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> checkMarker(long offset, long timestampMs,
                                                                                              String id, int count) {
        var record = marker(offset, timestampMs, id, RecordType.CHECK);
        record.headers().add("mq-check-count", String.valueOf(count).getBytes());
        return record;
    }
}
