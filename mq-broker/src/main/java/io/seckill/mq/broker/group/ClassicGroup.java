package io.seckill.mq.broker.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The state machine of one classic-protocol group: membership, generations, rebalances and the
 * fencing of stale members, with Kafka's error codes.
 *
 * <p>Invariants: the generation only increases, by one per completed rebalance; in
 * CompletingRebalance and Stable every member joined the current generation and the leader is a
 * member; a static instance id maps to exactly one member id (a rejoin under a new id fences the
 * old one); a JoinGroup or SyncGroup response is sent at most once per request.
 *
 * <p>Time is passed in by the caller ({@code nowMs}), so tests drive it by hand. Not thread-safe:
 * the coordinator calls every method under its lock. Responses are not completed inside these
 * methods but queued in the caller's list; the caller runs them after releasing its lock.
 */
final class ClassicGroup {

    private final String groupId;
    private final GroupConfig config;
    private final GroupWriter writer;
    private final GroupMembership members = new GroupMembership();
    private final JoinPhase joinPhase;
    private final List<Runnable> completions;
    private GroupState state = GroupState.EMPTY;
    private int generationId;
    private String protocolType;
    private String protocolName;

    /** {@code completions} collects the responses to send once the caller has released its lock. */
    ClassicGroup(String groupId, GroupConfig config, GroupWriter writer, List<Runnable> completions) {
        this.groupId = groupId;
        this.config = config;
        this.writer = writer;
        this.completions = completions;
        this.joinPhase = new JoinPhase(config.initialRebalanceDelayMs());
    }

    /** A group as the offsets log stored it: Empty without members, else Stable with its members. */
    static ClassicGroup restore(String groupId, GroupMetadataValue value, GroupConfig config, GroupWriter writer,
                                List<Runnable> completions, long nowMs) {
        ClassicGroup group = new ClassicGroup(groupId, config, writer, completions);
        group.generationId = value.generationId();
        group.protocolType = value.protocolType();
        group.protocolName = value.protocolName();
        value.members().forEach(stored -> group.members.add(GroupMember.restore(stored, value.protocolName(), nowMs)));
        group.members.electLeader(value.leaderId());
        group.state = group.members.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
        return group;
    }

    String groupId() {
        return groupId;
    }

    GroupState state() {
        return state;
    }

    int generationId() {
        return generationId;
    }

    String protocolType() {
        return protocolType;
    }

    boolean hasMembers() {
        return !members.isEmpty();
    }

    /** Member ids of the current generation, in join order. */
    List<String> memberIds() {
        return members.ids();
    }

    /** The metadata of the chosen protocol of every member (the consumers' subscriptions). */
    List<byte[]> subscriptions() {
        return members.all().stream().map(m -> m.metadata(protocolName)).toList();
    }

    /** Empty, without members or members-to-be: nothing but its committed offsets (if any) keeps it. */
    boolean isVacant() {
        return state == GroupState.EMPTY && members.isEmpty() && !members.hasPending();
    }

    CompletableFuture<JoinResult> join(JoinRequest request, long nowMs) {
        CompletableFuture<JoinResult> future = new CompletableFuture<>();
        Errors invalid = validateJoin(request);
        if (invalid != Errors.NONE) {
            respond(future, JoinResult.error(invalid, request.memberId()));
        } else if (request.memberId().isEmpty()) {
            joinWithoutMemberId(request, future, nowMs);
        } else {
            joinWithMemberId(request, future, nowMs);
        }
        maybeCompleteJoin(nowMs);
        return future;
    }

    private Errors validateJoin(JoinRequest request) {
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return Errors.INVALID_SESSION_TIMEOUT;
        }
        if (request.protocolType() == null || request.protocolType().isEmpty() || request.protocols().isEmpty()) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        List<GroupMember> others = members.all().stream()
                .filter(m -> !m.memberId().equals(request.memberId())).toList();
        if (!others.isEmpty() && (!request.protocolType().equals(protocolType)
                || ProtocolSelection.common(request.protocols(), others).isEmpty())) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        return state == GroupState.DEAD ? Errors.COORDINATOR_NOT_AVAILABLE : Errors.NONE;
    }

    private void joinWithoutMemberId(JoinRequest request, CompletableFuture<JoinResult> future, long nowMs) {
        String instanceId = request.groupInstanceId();
        if (instanceId != null) {
            String newMemberId = instanceId + "-" + UUID.randomUUID();
            String existing = members.staticMemberId(instanceId);
            if (existing != null) {
                replaceStaticMember(existing, newMemberId, request, future, nowMs);
            } else {
                addMemberAndRebalance(newMemberId, request, future, nowMs);
            }
            return;
        }
        String newMemberId = request.clientId() + "-" + UUID.randomUUID();
        if (request.requireKnownMemberId()) {
            // KIP-394: the member must come back with this id; until then it only holds up a rebalance.
            members.addPending(newMemberId, nowMs + request.sessionTimeoutMs());
            respond(future, JoinResult.error(Errors.MEMBER_ID_REQUIRED, newMemberId));
        } else {
            addMemberAndRebalance(newMemberId, request, future, nowMs);
        }
    }

    private void joinWithMemberId(JoinRequest request, CompletableFuture<JoinResult> future, long nowMs) {
        if (members.removePending(request.memberId())) {
            addMemberAndRebalance(request.memberId(), request, future, nowMs);
            return;
        }
        Errors error = members.validate(request.memberId(), request.groupInstanceId());
        if (error != Errors.NONE || state == GroupState.EMPTY) {
            respond(future, JoinResult.error(error == Errors.NONE ? Errors.UNKNOWN_MEMBER_ID : error,
                    request.memberId()));
            return;
        }
        GroupMember member = members.get(request.memberId());
        boolean unchanged = member.sameProtocols(request.protocols());
        boolean answerAtOnce = switch (state) {
            case COMPLETING_REBALANCE -> unchanged;
            case STABLE -> unchanged && !members.isLeader(member.memberId());
            default -> false;
        };
        if (answerAtOnce) {
            // The member missed the response of the generation it is in: send it again.
            respond(future, resultFor(member));
            return;
        }
        member.update(request);
        awaitJoin(member, future);
        if (state != GroupState.PREPARING_REBALANCE) {
            prepareRebalance(nowMs);
        }
    }

    private void replaceStaticMember(String oldMemberId, String newMemberId, JoinRequest request,
                                     CompletableFuture<JoinResult> future, long nowMs) {
        GroupMember old = members.get(oldMemberId);
        failPending(old, Errors.FENCED_INSTANCE_ID);
        GroupMember member = old.withMemberId(newMemberId, request.clientId(), request.clientHost());
        boolean wasLeader = members.isLeader(oldMemberId);
        members.replace(oldMemberId, member);
        boolean unchanged = old.sameProtocols(request.protocols());
        member.update(request);
        if (state == GroupState.STABLE && unchanged && !wasLeader) {
            // A restarted static member resumes its assignment without a rebalance (KIP-345).
            member.heartbeat(nowMs);
            writer.writeGroup(groupId, toValue());
            respond(future, resultFor(member));
            return;
        }
        awaitJoin(member, future);
        if (state != GroupState.PREPARING_REBALANCE) {
            prepareRebalance(nowMs);
        }
    }

    private void addMemberAndRebalance(String memberId, JoinRequest request, CompletableFuture<JoinResult> future,
                                       long nowMs) {
        if (members.isEmpty()) {
            protocolType = request.protocolType();
        }
        GroupMember member = new GroupMember(memberId, request.groupInstanceId(), request.clientId(),
                request.clientHost(), request.sessionTimeoutMs(), request.rebalanceTimeoutMs(), request.protocols());
        member.heartbeat(nowMs);
        members.add(member);
        awaitJoin(member, future);
        if (state == GroupState.PREPARING_REBALANCE) {
            joinPhase.memberAdded(nowMs);
        } else {
            prepareRebalance(nowMs);
        }
    }

    private void awaitJoin(GroupMember member, CompletableFuture<JoinResult> future) {
        CompletableFuture<JoinResult> previous = member.takePendingJoin();
        if (previous != null) {
            respond(previous, JoinResult.error(Errors.REBALANCE_IN_PROGRESS, member.memberId()));
        }
        member.awaitJoin(future);
    }

    private void prepareRebalance(long nowMs) {
        if (state == GroupState.COMPLETING_REBALANCE) {
            for (GroupMember member : members.all()) {
                member.assign(new byte[0]);
                CompletableFuture<SyncResult> sync = member.takePendingSync();
                if (sync != null) {
                    respond(sync, SyncResult.error(Errors.REBALANCE_IN_PROGRESS));
                }
            }
        }
        int rebalanceTimeoutMs = members.all().stream().mapToInt(GroupMember::rebalanceTimeoutMs).max().orElse(0);
        joinPhase.begin(nowMs, rebalanceTimeoutMs, state == GroupState.EMPTY);
        state = GroupState.PREPARING_REBALANCE;
    }

    private void maybeCompleteJoin(long nowMs) {
        if (state != GroupState.PREPARING_REBALANCE) {
            return;
        }
        boolean allJoined = !members.hasPending() && members.all().stream().allMatch(GroupMember::awaitingJoin);
        if (joinPhase.canEnd(nowMs, allJoined)) {
            completeJoin(nowMs);
        }
    }

    private void completeJoin(long nowMs) {
        for (GroupMember member : List.copyOf(members.all())) {
            if (!member.awaitingJoin()) {
                removeMember(member.memberId());
            }
        }
        joinPhase.end();
        generationId++;
        if (members.isEmpty()) {
            state = GroupState.EMPTY;
            protocolName = null;
            writer.writeGroup(groupId, toValue());
            return;
        }
        protocolName = ProtocolSelection.select(List.copyOf(members.all())).orElseThrow();
        state = GroupState.COMPLETING_REBALANCE;
        for (GroupMember member : members.all()) {
            member.heartbeat(nowMs);
            respond(member.takePendingJoin(), resultFor(member));
        }
    }

    private JoinResult resultFor(GroupMember member) {
        List<JoinResult.MemberMetadata> metadata = new ArrayList<>();
        if (members.isLeader(member.memberId())) {
            for (GroupMember m : members.all()) {
                metadata.add(new JoinResult.MemberMetadata(m.memberId(), m.groupInstanceId(),
                        m.metadata(protocolName)));
            }
        }
        return new JoinResult(Errors.NONE, generationId, protocolType, protocolName, members.leaderId(),
                member.memberId(), metadata);
    }

    CompletableFuture<SyncResult> sync(String memberId, String instanceId, int generation, String type, String name,
                                       Map<String, byte[]> assignments, long nowMs) {
        CompletableFuture<SyncResult> future = new CompletableFuture<>();
        Errors error = validateGeneration(memberId, instanceId, generation);
        if (error == Errors.NONE && ((type != null && !type.equals(protocolType))
                || (name != null && !name.equals(protocolName)))) {
            error = Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (error == Errors.NONE && state == GroupState.PREPARING_REBALANCE) {
            error = Errors.REBALANCE_IN_PROGRESS;
        }
        if (error != Errors.NONE) {
            respond(future, SyncResult.error(error));
            return future;
        }
        GroupMember member = members.get(memberId);
        member.heartbeat(nowMs);
        if (state == GroupState.STABLE) {
            respond(future, new SyncResult(Errors.NONE, protocolType, protocolName, member.assignment()));
            return future;
        }
        member.awaitSync(future);
        if (members.isLeader(memberId)) {
            completeSync(assignments);
        }
        return future;
    }

    /** The leader's assignment ends the rebalance: Stable now, responses once the group metadata is durable. */
    private void completeSync(Map<String, byte[]> assignments) {
        for (GroupMember member : members.all()) {
            member.assign(assignments.get(member.memberId()));
        }
        state = GroupState.STABLE;
        CompletableFuture<Void> durable = writer.writeGroup(groupId, toValue());
        for (GroupMember member : members.all()) {
            CompletableFuture<SyncResult> sync = member.takePendingSync();
            if (sync != null) {
                SyncResult result = new SyncResult(Errors.NONE, protocolType, protocolName, member.assignment());
                completions.add(() -> durable.whenComplete((ignored, failure) -> sync.complete(failure == null
                        ? result : SyncResult.error(Errors.COORDINATOR_NOT_AVAILABLE))));
            }
        }
    }

    Errors heartbeat(String memberId, String instanceId, int generation, long nowMs) {
        Errors error = validateGeneration(memberId, instanceId, generation);
        if (error != Errors.NONE) {
            return error;
        }
        members.get(memberId).heartbeat(nowMs);
        return state == GroupState.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /**
     * Whether a member may commit offsets: a simple (admin or assign()) commit — generation -1, no
     * member id — only while the group is Empty; a member only in its current generation, and not
     * while the generation's assignment is still being decided.
     */
    Errors validateCommit(String memberId, String instanceId, int generation) {
        if (generation < 0 && memberId.isEmpty() && instanceId == null) {
            return state == GroupState.EMPTY ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        Errors error = validateGeneration(memberId, instanceId, generation);
        if (error == Errors.NONE && state == GroupState.COMPLETING_REBALANCE) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        return error;
    }

    private Errors validateGeneration(String memberId, String instanceId, int generation) {
        if (state == GroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        Errors error = members.validate(memberId, instanceId);
        if (error != Errors.NONE) {
            return error;
        }
        return generation != generationId ? Errors.ILLEGAL_GENERATION : Errors.NONE;
    }

    /** LeaveGroup of one member, named by member id or (static members, v3+) by instance id. */
    Errors leave(String memberId, String instanceId, long nowMs) {
        String target = memberId;
        if (instanceId != null) {
            target = members.staticMemberId(instanceId);
            if (target == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !memberId.equals(target)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        } else if (members.removePending(memberId)) {
            maybeCompleteJoin(nowMs);
            return Errors.NONE;
        }
        if (!members.contains(target)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMember(target);
        afterMembershipLoss(nowMs);
        return Errors.NONE;
    }

    /** Removes members whose session expired and pending members that never came back; completes timed-out joins. */
    void expire(long nowMs) {
        members.expirePending(nowMs);
        List<GroupMember> expired = members.all().stream().filter(m -> m.sessionExpired(nowMs)).toList();
        expired.forEach(member -> removeMember(member.memberId()));
        if (!expired.isEmpty()) {
            afterMembershipLoss(nowMs);
        } else {
            maybeCompleteJoin(nowMs);
        }
    }

    private void afterMembershipLoss(long nowMs) {
        if (state == GroupState.STABLE || state == GroupState.COMPLETING_REBALANCE) {
            prepareRebalance(nowMs);
        }
        maybeCompleteJoin(nowMs);
    }

    private void removeMember(String memberId) {
        failPending(members.remove(memberId), Errors.UNKNOWN_MEMBER_ID);
    }

    private void failPending(GroupMember member, Errors error) {
        CompletableFuture<JoinResult> join = member.takePendingJoin();
        if (join != null) {
            respond(join, JoinResult.error(error, member.memberId()));
        }
        CompletableFuture<SyncResult> sync = member.takePendingSync();
        if (sync != null) {
            respond(sync, SyncResult.error(error));
        }
    }

    /** Marks the group removed: later requests of former members get COORDINATOR_NOT_AVAILABLE, then retry. */
    void markDead() {
        members.all().forEach(member -> failPending(member, Errors.COORDINATOR_NOT_AVAILABLE));
        state = GroupState.DEAD;
    }

    GroupDescription describe() {
        boolean stable = state == GroupState.STABLE;
        List<GroupDescription.MemberDescription> described = members.all().stream()
                .map(m -> m.describe(protocolName, stable)).toList();
        return new GroupDescription(groupId, state, protocolType == null ? "" : protocolType,
                stable ? protocolName : "", described);
    }

    GroupMetadataValue toValue() {
        List<GroupMetadataValue.MemberValue> stored = members.all().stream().map(m -> m.toValue(protocolName)).toList();
        return new GroupMetadataValue(protocolType == null ? "" : protocolType, protocolName, generationId,
                members.leaderId(), stored);
    }

    private <T> void respond(CompletableFuture<T> future, T result) {
        completions.add(() -> future.complete(result));
    }
}
