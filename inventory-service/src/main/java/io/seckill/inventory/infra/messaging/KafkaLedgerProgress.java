package io.seckill.inventory.infra.messaging;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.domain.LedgerProgress;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link LedgerProgress} from the broker: the ledger group ({@link ReservedLedgerListener#GROUP}) has caught up when
 * its committed offset equals the log end of every {@code seckill.reserved} partition (a partition it never
 * committed counts from the log start). The ledger commits after its MySQL transaction, so a committed offset means
 * recorded.
 *
 * <p>A reservation whose COMMIT the coordinator has not yet appended to the topic is not counted; the window is the
 * coordinator's lag (milliseconds), and the reconciliation repairs what slips through it. Thread-safe (Admin is).
 */
public final class KafkaLedgerProgress implements LedgerProgress {

    private final Admin admin;
    private final Duration timeout;

    public KafkaLedgerProgress(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public boolean caughtUp() {
        try {
            return lag() == 0;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new ServiceException(ErrorCode.BUSY, "cannot read the ledger's progress from the broker: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ErrorCode.BUSY, "interrupted while reading the ledger's progress");
        }
    }

    /** Records of {@code seckill.reserved} that the ledger group has not committed yet. */
    long lag() throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription topic = admin.describeTopics(List.of(Topics.SECKILL_RESERVED))
                .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(Topics.SECKILL_RESERVED);
        List<TopicPartition> partitions = topic.partitions().stream()
                .map(p -> new TopicPartition(Topics.SECKILL_RESERVED, p.partition())).toList();
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(ReservedLedgerListener.GROUP).partitionsToOffsetAndMetadata()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            long from = Math.max(starts.get(partition), done == null ? 0 : done.offset());
            lag += Math.max(0, ends.get(partition) - from);
        }
        return lag;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> answer = admin.listOffsets(request).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
