package io.seckill.mq.broker.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who belongs to a group: its members in join order, the static instance id of each static member,
 * the members-to-be that were handed an id (JoinGroup v4+) and have not come back yet, and the leader.
 *
 * <p>Invariants: a static instance id maps to exactly one member; the leader is a member, or null
 * when there are none. Not thread-safe: owned by its {@link ClassicGroup}.
 */
final class GroupMembership {

    private final Map<String, GroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Map<String, Long> pendingDeadlinesMs = new HashMap<>();
    private String leaderId;

    GroupMember get(String memberId) {
        return members.get(memberId);
    }

    boolean contains(String memberId) {
        return members.containsKey(memberId);
    }

    Collection<GroupMember> all() {
        return members.values();
    }

    List<String> ids() {
        return List.copyOf(members.keySet());
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    /** Makes {@code memberId} the leader if it is a member, else the first member. */
    void electLeader(String memberId) {
        leaderId = members.containsKey(memberId) ? memberId : firstMemberId();
    }

    void add(GroupMember member) {
        members.put(member.memberId(), member);
        if (member.groupInstanceId() != null) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
    }

    /** Removes a member; a removed leader is succeeded by the first remaining member. */
    GroupMember remove(String memberId) {
        GroupMember member = members.remove(memberId);
        if (member.groupInstanceId() != null && memberId.equals(staticMembers.get(member.groupInstanceId()))) {
            staticMembers.remove(member.groupInstanceId());
        }
        if (memberId.equals(leaderId)) {
            leaderId = firstMemberId();
        }
        return member;
    }

    /** Puts {@code replacement} (the same static instance under a new id) in the place of {@code oldMemberId}. */
    void replace(String oldMemberId, GroupMember replacement) {
        boolean wasLeader = isLeader(oldMemberId);
        members.remove(oldMemberId);
        add(replacement);
        if (wasLeader) {
            leaderId = replacement.memberId();
        }
    }

    /** The member id of a static instance, or null. */
    String staticMemberId(String instanceId) {
        return staticMembers.get(instanceId);
    }

    /** FENCED_INSTANCE_ID for an old id of a static instance, UNKNOWN_MEMBER_ID for a stranger, else NONE. */
    Errors validate(String memberId, String instanceId) {
        if (instanceId != null) {
            String current = staticMembers.get(instanceId);
            if (current != null && !current.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        return members.containsKey(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }

    void addPending(String memberId, long deadlineMs) {
        pendingDeadlinesMs.put(memberId, deadlineMs);
    }

    /** Forgets a member-to-be; true if it was one. */
    boolean removePending(String memberId) {
        return pendingDeadlinesMs.remove(memberId) != null;
    }

    boolean hasPending() {
        return !pendingDeadlinesMs.isEmpty();
    }

    void expirePending(long nowMs) {
        pendingDeadlinesMs.values().removeIf(deadlineMs -> nowMs >= deadlineMs);
    }

    private String firstMemberId() {
        return members.isEmpty() ? null : members.keySet().iterator().next();
    }
}
