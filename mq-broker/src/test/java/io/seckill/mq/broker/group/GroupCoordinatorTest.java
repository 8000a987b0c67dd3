package io.seckill.mq.broker.group;

import io.seckill.mq.broker.testing.ManualTime;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCoordinatorTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition PAYMENTS_0 = new TopicPartition("payments", 0);

    private final ManualTime clock = new ManualTime();
    private final InMemoryGroupStore store = new InMemoryGroupStore();
    private final GroupCoordinator coordinator = new GroupCoordinator(GroupConfig.withInitialRebalanceDelayMs(0),
            clock, store, tp -> !tp.topic().equals("missing"));

    private static CommittedOffset offset(long value) {
        return new CommittedOffset(value, 3, "meta-" + value, -1);
    }

    /** A one-member consumer group subscribed to {@code topics}, Stable in generation 1; returns the member id. */
    private String stableMember(String groupId, String... topics) {
        byte[] subscription = Utils.toArray(ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(List.of(topics))));
        JoinResult joined = coordinator.join(new JoinRequest(groupId, "", null, "client", "/127.0.0.1", 10_000,
                30_000, "consumer", List.of(new Protocol("range", subscription)), false)).join();
        coordinator.sync(groupId, joined.memberId(), null, 1, null, null, Map.of()).join();
        return joined.memberId();
    }

    @Test
    void committedOffsetsAreStoredAndReadBackWithMetadataAndCommitTime() {
        String member = stableMember("g", "orders");

        Map<TopicPartition, Errors> result = coordinator.commitOffsets("g", member, null, 1,
                Map.of(ORDERS_0, offset(42), ORDERS_1, offset(7))).join();

        assertThat(result).containsOnly(Map.entry(ORDERS_0, Errors.NONE), Map.entry(ORDERS_1, Errors.NONE));
        CommittedOffset committed = coordinator.committed("g").get(ORDERS_0);
        assertThat(committed.offset()).isEqualTo(42);
        assertThat(committed.leaderEpoch()).isEqualTo(3);
        assertThat(committed.metadata()).isEqualTo("meta-42");
        assertThat(committed.commitTimestampMs()).isEqualTo(clock.milliseconds());
        assertThat(store.writes()).anySatisfy(w -> assertThat(w.offsets()).containsKey(ORDERS_1));
    }

    @Test
    void commitFromAStaleGenerationUnknownPartitionOrEmptyGroupIdIsRejected() {
        String member = stableMember("g", "orders");

        assertThat(coordinator.commitOffsets("g", member, null, 0, Map.of(ORDERS_0, offset(1))).join())
                .containsEntry(ORDERS_0, Errors.ILLEGAL_GENERATION);
        assertThat(coordinator.commitOffsets("g", member, null, 1,
                Map.of(new TopicPartition("missing", 0), offset(1))).join())
                .containsValue(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(coordinator.commitOffsets("unknown", "someone", null, 4, Map.of(ORDERS_0, offset(1))).join())
                .containsEntry(ORDERS_0, Errors.ILLEGAL_GENERATION);
        assertThat(coordinator.commitOffsets("", "", null, -1, Map.of(ORDERS_0, offset(1))).join())
                .containsEntry(ORDERS_0, Errors.INVALID_GROUP_ID);
        assertThat(coordinator.committed("g")).isEmpty();
        assertThat(coordinator.listGroups()).extracting(GroupDescription::groupId).containsExactly("g");
    }

    @Test
    void simpleCommitCreatesAnEmptyGroupThatListsAndDescribes() {
        assertThat(coordinator.commitOffsets("admin", "", null, -1, Map.of(ORDERS_0, offset(5))).join())
                .containsEntry(ORDERS_0, Errors.NONE);

        assertThat(coordinator.describe("admin")).hasValueSatisfying(d ->
                assertThat(d.state()).isEqualTo(GroupState.EMPTY));
        assertThat(coordinator.listGroups()).extracting(GroupDescription::groupId).containsExactly("admin");
    }

    @Test
    void groupsAreDeletedWithTheirOffsetsOnlyWhenEmpty() {
        String member = stableMember("g", "orders");
        coordinator.commitOffsets("g", member, null, 1, Map.of(ORDERS_0, offset(1))).join();

        assertThat(coordinator.deleteGroups(List.of("g", "nope")))
                .containsEntry("g", Errors.NON_EMPTY_GROUP).containsEntry("nope", Errors.GROUP_ID_NOT_FOUND);
        coordinator.leave("g", List.of(new GroupCoordinator.LeavingMember(member, null)));
        assertThat(coordinator.deleteGroups(List.of("g"))).containsEntry("g", Errors.NONE);

        assertThat(coordinator.describe("g")).isEmpty();
        assertThat(coordinator.committed("g")).isEmpty();
        assertThat(store.lastGroup("g")).isNull();
    }

    @Test
    void offsetsOfSubscribedTopicsCannotBeDeletedWhileOthersCan() {
        String member = stableMember("g", "orders");
        coordinator.commitOffsets("g", member, null, 1, Map.of(ORDERS_0, offset(1), PAYMENTS_0, offset(2))).join();

        GroupCoordinator.OffsetDeletion deletion = coordinator.deleteOffsets("g", Set.of(ORDERS_0, PAYMENTS_0));

        assertThat(deletion.groupError()).isEqualTo(Errors.NONE);
        assertThat(deletion.partitions()).containsEntry(ORDERS_0, Errors.GROUP_SUBSCRIBED_TO_TOPIC)
                .containsEntry(PAYMENTS_0, Errors.NONE);
        assertThat(coordinator.committed("g")).containsOnlyKeys(ORDERS_0);
        assertThat(coordinator.deleteOffsets("nope", Set.of(ORDERS_0)).groupError()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void deletingATopicDropsEveryGroupsOffsetsOfIt() {
        coordinator.commitOffsets("a", "", null, -1, Map.of(ORDERS_0, offset(1), PAYMENTS_0, offset(2))).join();
        coordinator.commitOffsets("b", "", null, -1, Map.of(ORDERS_1, offset(3))).join();

        coordinator.onTopicDeleted("orders");

        assertThat(coordinator.allCommitted()).containsOnlyKeys("a");
        assertThat(coordinator.committed("a")).containsOnlyKeys(PAYMENTS_0);
        assertThat(store.writes()).anySatisfy(w -> assertThat(w.offsets()).containsEntry(ORDERS_1, null));
    }

    @Test
    void vacantGroupsWithoutOffsetsAreRemovedButGroupsWithOffsetsStay() {
        String member = stableMember("g", "orders");
        coordinator.commitOffsets("kept", "", null, -1, Map.of(ORDERS_0, offset(1))).join();

        coordinator.leave("g", List.of(new GroupCoordinator.LeavingMember(member, null)));
        coordinator.tick();

        assertThat(coordinator.listGroups()).extracting(GroupDescription::groupId).containsExactly("kept");
    }

    @Test
    void restoredStableGroupKeepsItsMembersGenerationAndOffsets() {
        String member = stableMember("g", "orders");
        coordinator.commitOffsets("g", member, null, 1, Map.of(ORDERS_0, offset(9))).join();
        GroupLogState state = new GroupLogState();
        state.apply(new GroupRecords.GroupEntry("g", store.lastGroup("g")));
        state.apply(new GroupRecords.OffsetEntry("g", ORDERS_0, coordinator.committed("g").get(ORDERS_0)));

        GroupCoordinator restarted = new GroupCoordinator(GroupConfig.withInitialRebalanceDelayMs(0), clock,
                new InMemoryGroupStore(), tp -> true);
        restarted.restore(state);

        assertThat(restarted.heartbeat("g", member, null, 1)).isEqualTo(Errors.NONE);
        assertThat(restarted.describe("g")).hasValueSatisfying(d -> {
            assertThat(d.state()).isEqualTo(GroupState.STABLE);
            assertThat(d.protocolName()).isEqualTo("range");
        });
        assertThat(restarted.committed("g").get(ORDERS_0).offset()).isEqualTo(9);
    }

    @Test
    void restoredMembersThatNeverComeBackExpire() {
        String member = stableMember("g", "orders");
        GroupLogState state = new GroupLogState();
        state.apply(new GroupRecords.GroupEntry("g", store.lastGroup("g")));
        GroupCoordinator restarted = new GroupCoordinator(GroupConfig.withInitialRebalanceDelayMs(0), clock,
                new InMemoryGroupStore(), tp -> true);
        restarted.restore(state);

        clock.advanceMs(10_001);
        restarted.tick();

        assertThat(restarted.heartbeat("g", member, null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }
}
