package io.seckill.mq.broker.group;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.seckill.mq.broker.group.GroupDriver.REBALANCE_TIMEOUT_MS;
import static io.seckill.mq.broker.group.GroupDriver.SESSION_TIMEOUT_MS;
import static io.seckill.mq.broker.group.GroupDriver.protocols;
import static org.assertj.core.api.Assertions.assertThat;

class ClassicGroupTest {

    private final GroupDriver driver = new GroupDriver();

    /** Joins a member with a fresh id and returns its join result once the generation completes. */
    private JoinResult stableSingleMember() {
        JoinResult joined = driver.join("").join();
        driver.sync(joined.memberId(), joined.generationId(), Map.of(joined.memberId(), bytes("a"))).join();
        return joined;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void newDynamicMemberIsAskedToRejoinWithTheIdItWasGiven() {
        JoinResult first = driver.join("", null, protocols("range"), true).join();

        assertThat(first.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).startsWith("client-");

        JoinResult second = driver.join(first.memberId(), null, protocols("range"), true).join();
        assertThat(second.error()).isEqualTo(Errors.NONE);
        assertThat(second.memberId()).isEqualTo(first.memberId());
        assertThat(second.leaderId()).isEqualTo(first.memberId());
        assertThat(second.generationId()).isEqualTo(1);
    }

    @Test
    void leaderAssignmentCompletesTheGenerationAndIsStored() {
        JoinResult joined = driver.join("").join();

        SyncResult synced = driver.sync(joined.memberId(), 1, Map.of(joined.memberId(), bytes("p0"))).join();

        assertThat(synced.error()).isEqualTo(Errors.NONE);
        assertThat(synced.assignment()).isEqualTo(bytes("p0"));
        assertThat(driver.group.state()).isEqualTo(GroupState.STABLE);
        GroupMetadataValue stored = driver.store.lastGroup("g");
        assertThat(stored.generationId()).isEqualTo(1);
        assertThat(stored.members()).singleElement().satisfies(m -> assertThat(m.assignment()).isEqualTo(bytes("p0")));
    }

    @Test
    void newMemberRebalancesStableGroupAndOthersLearnItFromHeartbeats() {
        JoinResult a = stableSingleMember();

        CompletableFuture<JoinResult> b = driver.join("");
        assertThat(b).isNotDone();
        assertThat(driver.heartbeat(a.memberId(), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        JoinResult aAgain = driver.join(a.memberId()).join();
        assertThat(b).isDone();
        assertThat(aAgain.generationId()).isEqualTo(2);
        assertThat(aAgain.members()).hasSize(2);
        assertThat(b.join().members()).isEmpty();
        assertThat(b.join().leaderId()).isEqualTo(a.memberId());
    }

    @Test
    void followerSyncWaitsForTheLeaderAndGetsItsOwnAssignment() {
        JoinResult a = stableSingleMember();
        CompletableFuture<JoinResult> bJoin = driver.join("");
        JoinResult aJoin = driver.join(a.memberId()).join();
        String b = bJoin.join().memberId();

        CompletableFuture<SyncResult> bSync = driver.sync(b, 2, Map.of());
        assertThat(bSync).isNotDone();
        driver.sync(a.memberId(), aJoin.generationId(), Map.of(a.memberId(), bytes("a"), b, bytes("b")));

        assertThat(bSync.join().assignment()).isEqualTo(bytes("b"));
    }

    @Test
    void staleGenerationsAndUnknownMembersAreFenced() {
        JoinResult a = stableSingleMember();

        assertThat(driver.heartbeat(a.memberId(), 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(driver.heartbeat("nobody", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(driver.group.validateCommit(a.memberId(), null, 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(driver.group.validateCommit("nobody", null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(driver.group.validateCommit("", null, -1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(driver.group.validateCommit(a.memberId(), null, 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void commitsDuringAssignmentAreAskedToWaitForTheRebalance() {
        JoinResult joined = driver.join("").join();

        assertThat(driver.group.validateCommit(joined.memberId(), null, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void memberWithoutHeartbeatsExpiresAndTheGroupRebalances() {
        JoinResult a = stableSingleMember();
        CompletableFuture<JoinResult> bJoin = driver.join("");
        JoinResult aJoin = driver.join(a.memberId()).join();
        String b = bJoin.join().memberId();
        driver.sync(a.memberId(), 2, Map.of(a.memberId(), bytes("a"), b, bytes("b")));

        driver.advanceMs(SESSION_TIMEOUT_MS / 2);
        assertThat(driver.heartbeat(a.memberId(), aJoin.generationId())).isEqualTo(Errors.NONE);
        driver.advanceMs(SESSION_TIMEOUT_MS / 2 + 1);

        assertThat(driver.group.memberIds()).containsExactly(a.memberId());
        assertThat(driver.heartbeat(a.memberId(), 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(driver.join(a.memberId()).join().generationId()).isEqualTo(3);
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
        JoinResult a = stableSingleMember();
        CompletableFuture<JoinResult> b = driver.join("");
        assertThat(b).isNotDone();

        driver.advanceMs(SESSION_TIMEOUT_MS / 2);
        driver.heartbeat(a.memberId(), 1);
        driver.advanceMs(REBALANCE_TIMEOUT_MS - SESSION_TIMEOUT_MS / 2);

        assertThat(b.join().error()).isEqualTo(Errors.NONE);
        assertThat(b.join().generationId()).isEqualTo(2);
        assertThat(driver.group.memberIds()).containsExactly(b.join().memberId());
        assertThat(b.join().leaderId()).isEqualTo(b.join().memberId());
    }

    @Test
    void lastMemberLeavingEmptiesTheGroupInANewGeneration() {
        JoinResult a = stableSingleMember();

        assertThat(driver.leave(a.memberId())).isEqualTo(Errors.NONE);

        assertThat(driver.group.state()).isEqualTo(GroupState.EMPTY);
        assertThat(driver.group.generationId()).isEqualTo(2);
        assertThat(driver.store.lastGroup("g").members()).isEmpty();
        assertThat(driver.group.validateCommit("", null, -1)).isEqualTo(Errors.NONE);
        assertThat(driver.leave(a.memberId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void restartedStaticMemberTakesOverItsAssignmentWithoutRebalanceAndFencesItsOldId() {
        JoinResult leader = driver.join("").join();
        CompletableFuture<JoinResult> staticJoin = driver.join("", "instance-1", protocols("range"), true);
        JoinResult leaderAgain = driver.join(leader.memberId()).join();
        String oldId = staticJoin.join().memberId();
        driver.sync(leader.memberId(), leaderAgain.generationId(),
                Map.of(leader.memberId(), bytes("l"), oldId, bytes("s")));

        JoinResult rejoined = driver.join("", "instance-1", protocols("range"), true).join();

        assertThat(rejoined.error()).isEqualTo(Errors.NONE);
        assertThat(rejoined.generationId()).isEqualTo(leaderAgain.generationId());
        assertThat(rejoined.memberId()).isNotEqualTo(oldId).startsWith("instance-1-");
        assertThat(driver.group.state()).isEqualTo(GroupState.STABLE);
        assertThat(driver.sync(rejoined.memberId(), 2, Map.of()).join().assignment()).isEqualTo(bytes("s"));
        assertThat(driver.group.heartbeat(oldId, "instance-1", 2, 0)).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(driver.heartbeat(leader.memberId(), 2)).isEqualTo(Errors.NONE);
    }

    @Test
    void protocolIsTheCommonOneMostMembersPrefer() {
        CompletableFuture<JoinResult> a = driver.join("", null, protocols("range", "roundrobin"), false);
        CompletableFuture<JoinResult> b = driver.join("", null, protocols("roundrobin", "range"), false);
        driver.join(a.join().memberId(), null, protocols("range", "roundrobin"), false);
        CompletableFuture<JoinResult> c = driver.join("", null, protocols("sticky", "roundrobin", "range"), false);
        driver.join(a.join().memberId(), null, protocols("range", "roundrobin"), false);
        driver.join(b.join().memberId(), null, protocols("roundrobin", "range"), false);

        assertThat(c.join().protocolName()).isEqualTo("roundrobin");
    }

    @Test
    void memberWithoutACommonProtocolIsRejected() {
        stableSingleMember();

        JoinResult other = driver.join("", null, protocols("sticky"), false).join();
        JoinResult otherType = driver.join(new JoinRequest("g", "", null, "c", "/h", SESSION_TIMEOUT_MS,
                REBALANCE_TIMEOUT_MS, "connect", protocols("range"), false)).join();

        assertThat(other.error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(otherType.error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(driver.group.state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void sessionTimeoutOutsideTheBrokerBoundsIsRejected() {
        JoinResult tooShort = driver.join(new JoinRequest("g", "", null, "c", "/h", 100, REBALANCE_TIMEOUT_MS,
                "consumer", protocols("range"), false)).join();

        assertThat(tooShort.error()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
    }

    @Test
    void initialRebalanceDelayWaitsForMoreMembersBeforeTheFirstGeneration() {
        GroupDriver delayed = new GroupDriver(GroupConfig.withInitialRebalanceDelayMs(3_000));
        CompletableFuture<JoinResult> a = delayed.join("");
        delayed.advanceMs(2_000);
        CompletableFuture<JoinResult> b = delayed.join("");
        delayed.advanceMs(2_000);
        assertThat(a).isNotDone();

        delayed.advanceMs(1_000);

        assertThat(a.join().generationId()).isEqualTo(1);
        assertThat(a.join().members()).hasSize(2);
        assertThat(b.join().generationId()).isEqualTo(1);
    }
}
