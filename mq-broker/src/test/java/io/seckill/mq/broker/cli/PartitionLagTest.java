package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionLagTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition B0 = new TopicPartition("b", 0);

    private static MemberDescription member(String id, TopicPartition... partitions) {
        return new MemberDescription(id, Optional.empty(), "client-" + id, "/127.0.0.1",
                new MemberAssignment(Set.of(partitions)), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void lagIsLogEndMinusCommittedAndUnknownWhenEitherIs() {
        assertThat(new PartitionLag(A0, 40L, 100L, Optional.empty()).lag()).isEqualTo(60);
        assertThat(new PartitionLag(A0, null, 100L, Optional.empty()).lag()).isNull();
        assertThat(new PartitionLag(A0, 40L, null, Optional.empty()).lag()).isNull();
        assertThat(new PartitionLag(A0, 120L, 100L, Optional.empty()).lag()).isZero();
    }

    @Test
    void everyCommittedOrAssignedPartitionIsShownOnceInTopicAndPartitionOrder() {
        MemberDescription owner = member("m1", A1, B0);

        List<PartitionLag> rows = PartitionLag.of(Map.of(B0, 5L, A0, 7L), Map.of(A0, 10L, A1, 3L, B0, 5L),
                List.of(owner));

        assertThat(rows).extracting(PartitionLag::partition).containsExactly(A0, A1, B0);
        assertThat(rows).extracting(PartitionLag::lag).containsExactly(3L, null, 0L);
        assertThat(rows.get(0).owner()).isEmpty();
        assertThat(rows.get(1).owner()).contains(owner);
        assertThat(PartitionLag.totalLag(rows)).isEqualTo(3);
    }
}
