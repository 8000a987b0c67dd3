package io.seckill.mq.broker.txn;

import io.seckill.mq.broker.config.CoordinatorSettings;
import io.seckill.mq.client.MqContract.RecordType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A coordinator that checkpoints, does some more work, crashes, and resumes from the checkpoint acts exactly like
 * one that never stopped, apart from repeating the work done after the checkpoint: no decision is lost, and nothing
 * decided before the checkpoint is delivered again.
 */
class HalfPartitionProperties {

    private static final CoordinatorSettings SETTINGS = CoordinatorSettings.defaults();

    @Property(tries = 500)
    void resumingFromAnyCheckpointActsLikeAnUninterruptedRun(@ForAll("histories") List<Op> history,
                                                             @ForAll @IntRange(min = 0, max = 100) int checkpointPercent,
                                                             @ForAll @IntRange(min = 0, max = 100) int crashPercent) {
        List<ConsumerRecord<byte[], byte[]>> log = toLog(history);
        int checkpointAt = log.size() * checkpointPercent / 100;
        int crashAt = checkpointAt + (log.size() - checkpointAt) * crashPercent / 100;

        HalfRecords.RecordingActions uninterrupted = new HalfRecords.RecordingActions();
        HalfPartition reference = new HalfPartition(0, 0, 0, SETTINGS, uninterrupted);
        log.forEach(reference::apply);

        HalfRecords.RecordingActions beforeCheckpoint = new HalfRecords.RecordingActions();
        HalfPartition first = new HalfPartition(0, 0, 0, SETTINGS, beforeCheckpoint);
        log.subList(0, checkpointAt).forEach(first::apply);
        long resume = first.resumeOffset();
        long processed = first.processedOffset();
        int actionsAtCheckpoint = beforeCheckpoint.actions.size();
        // Work after the checkpoint that the crash loses track of: it will be done again.
        log.subList(checkpointAt, crashAt).forEach(first::apply);

        HalfRecords.RecordingActions afterRestart = new HalfRecords.RecordingActions();
        HalfPartition restarted = new HalfPartition(0, resume, processed, SETTINGS, afterRestart);
        log.subList((int) resume, log.size()).forEach(restarted::apply);

        List<String> combined = new ArrayList<>(beforeCheckpoint.actions.subList(0, actionsAtCheckpoint));
        combined.addAll(afterRestart.actions);
        assertThat(combined).isEqualTo(uninterrupted.actions);
        assertThat(restarted.pendingCount()).isEqualTo(reference.pendingCount());
        assertThat(restarted.resumeOffset()).isEqualTo(reference.resumeOffset());
    }

    record Op(RecordType type, int id) {
    }

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<RecordType> types = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(RecordType.HALF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(RecordType.COMMIT)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(RecordType.ROLLBACK)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(RecordType.CHECK)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(RecordType.DEAD)));
        return Combinators.combine(types, Arbitraries.integers().between(0, 15)).as(Op::new).list().ofMaxSize(80);
    }

    private static List<ConsumerRecord<byte[], byte[]>> toLog(List<Op> history) {
        List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();
        for (Op op : history) {
            long offset = log.size();
            String id = "m" + op.id();
            log.add(op.type() == RecordType.HALF ? HalfRecords.half(offset, 1_000 + offset, id)
                    : HalfRecords.marker(offset, 1_000 + offset, id, op.type()));
        }
        return log;
    }
}
