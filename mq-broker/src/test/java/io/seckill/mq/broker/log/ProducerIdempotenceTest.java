package io.seckill.mq.broker.log;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.seckill.mq.broker.log.TestLogs.TP;
import static io.seckill.mq.broker.log.TestLogs.idempotentBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerIdempotenceTest {
    private static final long PID = 4242L;
    private static final short EPOCH = 3;

    @TempDir
    Path dataDir;
    @TempDir
    Path crashCopy;
    private final ManualTime time = new ManualTime();
    private LogManager manager;

    @AfterEach
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    private PartitionLog open(Path dir) throws IOException {
        manager = TestLogs.open(dir, TestLogs.smallConfig(), time);
        return manager.partition(TP).orElseThrow();
    }

    @Test
    void retriedBatchIsAcknowledgedWithItsOriginalOffsetsAndNotAppendedAgain() throws IOException {
        PartitionLog log = open(dataDir);
        log.append(idempotentBatch(PID, EPOCH, 0, 3));
        log.append(idempotentBatch(PID, EPOCH, 3, 2));
        long sizeBefore = log.sizeInBytes();

        LogAppendResult retry = log.append(idempotentBatch(PID, EPOCH, 0, 3));

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isZero();
        assertThat(retry.lastOffset()).isEqualTo(2);
        assertThat(retry.appendedRecords()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(log.sizeInBytes()).isEqualTo(sizeBefore);
    }

    @Test
    void onlyTheLastFiveBatchesAreRecognisedAsRetries() throws IOException {
        PartitionLog log = open(dataDir);
        for (int seq = 0; seq < 6; seq++) {
            log.append(idempotentBatch(PID, EPOCH, seq, 1));
        }

        assertThat(log.append(idempotentBatch(PID, EPOCH, 1, 1)).firstOffset()).isEqualTo(1);
        assertThatThrownBy(() -> log.append(idempotentBatch(PID, EPOCH, 0, 1)))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void sequenceGapIsOutOfOrder() throws IOException {
        PartitionLog log = open(dataDir);
        log.append(idempotentBatch(PID, EPOCH, 0, 3));

        assertThatThrownBy(() -> log.append(idempotentBatch(PID, EPOCH, 4, 1)))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void unknownProducerMustStartAtSequenceZero() throws IOException {
        PartitionLog log = open(dataDir);

        assertThatThrownBy(() -> log.append(idempotentBatch(PID, EPOCH, 7, 1)))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void olderEpochIsFenced() throws IOException {
        PartitionLog log = open(dataDir);
        log.append(idempotentBatch(PID, EPOCH, 0, 1));

        assertThatThrownBy(() -> log.append(idempotentBatch(PID, (short) (EPOCH - 1), 1, 1)))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void newEpochMustStartAtSequenceZero() throws IOException {
        PartitionLog log = open(dataDir);
        log.append(idempotentBatch(PID, EPOCH, 0, 2));

        assertThatThrownBy(() -> log.append(idempotentBatch(PID, (short) (EPOCH + 1), 2, 1)))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.append(idempotentBatch(PID, (short) (EPOCH + 1), 0, 1)).firstOffset()).isEqualTo(2);
    }

    @Test
    void sequenceWrapsToZeroAfterIntegerMaxValue() {
        ProducerStateManager state = new ProducerStateManager(dataDir);
        state.update(batchesOf(idempotentBatch(PID, EPOCH, Integer.MAX_VALUE - 1, 2)).get(0));

        assertThat(state.checkAppend(batchesOf(idempotentBatch(PID, EPOCH, 0, 1)))).isEmpty();
        assertThatThrownBy(() -> state.checkAppend(batchesOf(idempotentBatch(PID, EPOCH, 1, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void sequencesOfSeveralBatchesInOneRequestMustFollowEachOther() throws IOException {
        PartitionLog log = open(dataDir);

        assertThatThrownBy(() -> log.append(TestLogs.concat(idempotentBatch(PID, EPOCH, 0, 2),
                idempotentBatch(PID, EPOCH, 3, 1)))).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.append(TestLogs.concat(idempotentBatch(PID, EPOCH, 0, 2),
                idempotentBatch(PID, EPOCH, 2, 1))).lastOffset()).isEqualTo(2);
    }

    private static List<RecordBatch> batchesOf(MemoryRecords records) {
        List<RecordBatch> batches = new ArrayList<>();
        records.batches().forEach(batches::add);
        return batches;
    }

    @Test
    void producersAreIndependent() throws IOException {
        PartitionLog log = open(dataDir);
        log.append(idempotentBatch(PID, EPOCH, 0, 1));

        assertThat(log.append(idempotentBatch(PID + 1, EPOCH, 0, 1)).duplicate()).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(2);
    }

    @Test
    void batchesWithoutProducerIdSkipTheChecks() throws IOException {
        PartitionLog log = open(dataDir);
        MemoryRecords plain = TestLogs.batch(2, "plain", 1L);
        log.append(plain);

        assertThat(log.append(TestLogs.batch(2, "plain", 1L)).duplicate()).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(4);
    }

    @Test
    void stateSurvivesACleanRestart() throws IOException {
        PartitionLog log = open(dataDir);
        log.append(idempotentBatch(PID, EPOCH, 0, 3));
        log.roll();
        log.append(idempotentBatch(PID, EPOCH, 3, 2));
        manager.close();

        PartitionLog reopened = open(dataDir);

        assertThat(manager.recoveredUncleanShutdown()).isFalse();
        assertThat(reopened.append(idempotentBatch(PID, EPOCH, 3, 2)).firstOffset()).isEqualTo(3);
        assertThat(reopened.append(idempotentBatch(PID, EPOCH, 0, 3)).duplicate()).isTrue();
        assertThatThrownBy(() -> reopened.append(idempotentBatch(PID, EPOCH, 6, 1)))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(reopened.append(idempotentBatch(PID, EPOCH, 5, 1)).firstOffset()).isEqualTo(5);
    }

    @Test
    void stateSurvivesAnUncleanRestart() throws IOException {
        PartitionLog log = open(dataDir);
        log.append(idempotentBatch(PID, EPOCH, 0, 3));
        log.roll();
        log.append(idempotentBatch(PID, EPOCH, 3, 2));
        log.append(idempotentBatch(PID + 1, EPOCH, 0, 1));
        TestLogs.copyDirectory(dataDir, crashCopy);
        manager.close();

        PartitionLog recovered = open(crashCopy);

        assertThat(manager.recoveredUncleanShutdown()).isTrue();
        assertThat(recovered.append(idempotentBatch(PID, EPOCH, 3, 2)).duplicate()).isTrue();
        assertThat(recovered.append(idempotentBatch(PID + 1, EPOCH, 0, 1)).firstOffset()).isEqualTo(5);
        assertThat(recovered.append(idempotentBatch(PID, EPOCH, 5, 1)).firstOffset()).isEqualTo(6);
    }

    @Test
    void stateIsRebuiltAfterTruncation() throws IOException {
        PartitionLog log = open(dataDir);
        log.append(idempotentBatch(PID, EPOCH, 0, 2));
        log.roll();
        log.append(idempotentBatch(PID, EPOCH, 2, 2));
        log.append(idempotentBatch(PID, EPOCH, 4, 2));

        log.truncateTo(4);

        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(log.append(idempotentBatch(PID, EPOCH, 4, 2)).duplicate()).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(6);
    }
}
