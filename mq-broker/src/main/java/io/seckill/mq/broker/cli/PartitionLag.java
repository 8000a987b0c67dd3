package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One partition of a consumer group as {@code groups describe} shows it: the committed offset, the
 * log end offset and the member that owns it; any of the three may be unknown (null / empty).
 * Lag is {@code logEnd - committed}, never negative, and unknown when either offset is.
 */
record PartitionLag(TopicPartition partition, Long committed, Long logEnd, Optional<MemberDescription> owner) {

    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    Long lag() {
        return committed == null || logEnd == null ? null : Math.max(0, logEnd - committed);
    }

    /** One entry per partition that is committed or assigned, in topic and partition order. */
    static List<PartitionLag> of(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> logEnds,
                                 List<MemberDescription> members) {
        Map<TopicPartition, MemberDescription> owners = new HashMap<>();
        members.forEach(member -> member.assignment().topicPartitions().forEach(tp -> owners.put(tp, member)));
        TreeSet<TopicPartition> partitions = new TreeSet<>(PARTITION_ORDER);
        partitions.addAll(committed.keySet());
        partitions.addAll(owners.keySet());
        return partitions.stream()
                .map(tp -> new PartitionLag(tp, committed.get(tp), logEnds.get(tp), Optional.ofNullable(owners.get(tp))))
                .toList();
    }

    /** Sum of the known lags. */
    static long totalLag(List<PartitionLag> partitions) {
        return partitions.stream().map(PartitionLag::lag).filter(lag -> lag != null).mapToLong(Long::longValue).sum();
    }
}
