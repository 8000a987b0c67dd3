package io.seckill.mq.broker.group;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group: its identity, timeouts, supported protocols, its assignment in the
 * current generation, and the JoinGroup/SyncGroup response it is waiting for, if any.
 *
 * <p>Not thread-safe: owned by its {@link ClassicGroup}, guarded by the coordinator's lock.
 */
final class GroupMember {

    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private int sessionTimeoutMs;
    private int rebalanceTimeoutMs;
    private List<Protocol> protocols;
    private byte[] assignment = new byte[0];
    private CompletableFuture<JoinResult> pendingJoin;
    private CompletableFuture<SyncResult> pendingSync;
    private long heartbeatDeadlineMs;

    GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost, int sessionTimeoutMs,
                int rebalanceTimeoutMs, List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.protocols = List.copyOf(protocols);
    }

    /** The same static member under a new member id (the old id is fenced); keeps the assignment. */
    GroupMember withMemberId(String newMemberId, String newClientId, String newClientHost) {
        GroupMember replacement = new GroupMember(newMemberId, groupInstanceId, newClientId, newClientHost,
                sessionTimeoutMs, rebalanceTimeoutMs, protocols);
        replacement.assignment = assignment;
        replacement.heartbeatDeadlineMs = heartbeatDeadlineMs;
        return replacement;
    }

    /** A member as the offsets log stored it: its subscription is the metadata of the group's protocol. */
    static GroupMember restore(GroupMetadataValue.MemberValue stored, String protocolName, long nowMs) {
        GroupMember member = new GroupMember(stored.memberId(), stored.groupInstanceId(), stored.clientId(),
                stored.clientHost(), stored.sessionTimeoutMs(), stored.rebalanceTimeoutMs(),
                List.of(new Protocol(protocolName, stored.subscription())));
        member.assign(stored.assignment());
        member.heartbeat(nowMs);
        return member;
    }

    GroupMetadataValue.MemberValue toValue(String protocolName) {
        return new GroupMetadataValue.MemberValue(memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs,
                sessionTimeoutMs, metadata(protocolName), assignment);
    }

    /** As DescribeGroups reports it; metadata and assignment only {@code withMetadata} (a Stable group). */
    GroupDescription.MemberDescription describe(String protocolName, boolean withMetadata) {
        return new GroupDescription.MemberDescription(memberId, groupInstanceId, clientId, clientHost,
                withMetadata ? metadata(protocolName) : new byte[0], withMetadata ? assignment : new byte[0]);
    }

    String memberId() {
        return memberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    List<Protocol> protocols() {
        return protocols;
    }

    void update(JoinRequest request) {
        sessionTimeoutMs = request.sessionTimeoutMs();
        rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        protocols = request.protocols();
    }

    boolean sameProtocols(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!protocols.get(i).sameAs(other.get(i))) {
                return false;
            }
        }
        return true;
    }

    boolean supports(String protocolName) {
        return protocols.stream().anyMatch(p -> p.name().equals(protocolName));
    }

    /** The metadata for {@code protocolName}; empty bytes if the member does not support it. */
    byte[] metadata(String protocolName) {
        Optional<Protocol> protocol = protocols.stream().filter(p -> p.name().equals(protocolName)).findFirst();
        return protocol.map(Protocol::metadata).orElse(new byte[0]);
    }

    byte[] assignment() {
        return assignment;
    }

    void assign(byte[] newAssignment) {
        assignment = newAssignment == null ? new byte[0] : newAssignment;
    }

    CompletableFuture<JoinResult> pendingJoin() {
        return pendingJoin;
    }

    void awaitJoin(CompletableFuture<JoinResult> future) {
        pendingJoin = future;
    }

    /** Takes the pending JoinGroup response, leaving none. */
    CompletableFuture<JoinResult> takePendingJoin() {
        CompletableFuture<JoinResult> future = pendingJoin;
        pendingJoin = null;
        return future;
    }

    boolean awaitingJoin() {
        return pendingJoin != null;
    }

    void awaitSync(CompletableFuture<SyncResult> future) {
        pendingSync = future;
    }

    /** Takes the pending SyncGroup response, leaving none. */
    CompletableFuture<SyncResult> takePendingSync() {
        CompletableFuture<SyncResult> future = pendingSync;
        pendingSync = null;
        return future;
    }

    boolean awaitingSync() {
        return pendingSync != null;
    }

    void heartbeat(long nowMs) {
        heartbeatDeadlineMs = nowMs + sessionTimeoutMs;
    }

    /** True when the session expired: no heartbeat for a session timeout while not waiting for a response. */
    boolean sessionExpired(long nowMs) {
        return !awaitingJoin() && !awaitingSync() && nowMs >= heartbeatDeadlineMs;
    }
}
