package io.seckill.mq.broker.protocol;

import io.seckill.mq.broker.group.GroupCoordinator;
import io.seckill.mq.broker.group.GroupDescription;
import io.seckill.mq.broker.group.GroupState;
import io.seckill.mq.broker.group.JoinRequest;
import io.seckill.mq.broker.group.JoinResult;
import io.seckill.mq.broker.group.Protocol;
import io.seckill.mq.broker.metadata.LocalNode;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * FindCoordinator and the classic group membership APIs (JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup, ListGroups, DescribeGroups, DeleteGroups): translation between Kafka's messages and the
 * {@link GroupCoordinator}. JoinGroup and SyncGroup responses may complete much later (when the
 * rebalance ends); other connections are not held up meanwhile. Stateless apart from its collaborators.
 */
final class GroupHandlers {

    /** The only group type this broker offers, as ListGroups v5 reports it. */
    static final String CLASSIC_GROUP_TYPE = "classic";

    private final GroupCoordinator coordinator;
    private final LocalNode node;

    GroupHandlers(GroupCoordinator coordinator, LocalNode node) {
        this.coordinator = coordinator;
        this.node = node;
    }

    /** Groups are coordinated here; transactions are not offered, so their keys are invalid requests. */
    CompletableFuture<AbstractResponse> findCoordinator(RequestContext context, FindCoordinatorRequest request) {
        var data = request.data();
        if (context.apiVersion() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            Errors error = errorFor(data.keyType());
            return done(FindCoordinatorResponse.prepareOldResponse(error, node.asNode()));
        }
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        for (String key : data.coordinatorKeys()) {
            response.coordinators().add(FindCoordinatorResponse.prepareCoordinatorResponse(
                    errorFor(data.keyType()), key, node.asNode()));
        }
        return done(new FindCoordinatorResponse(response));
    }

    private static Errors errorFor(byte keyType) {
        return keyType == FindCoordinatorRequest.CoordinatorType.GROUP.id() ? Errors.NONE : Errors.INVALID_REQUEST;
    }

    CompletableFuture<AbstractResponse> joinGroup(RequestContext context, JoinGroupRequest request) {
        JoinGroupRequestData data = request.data();
        short version = context.apiVersion();
        List<Protocol> protocols = new ArrayList<>();
        data.protocols().forEach(p -> protocols.add(new Protocol(p.name(), p.metadata())));
        int rebalanceTimeoutMs = version == 0 ? data.sessionTimeoutMs() : data.rebalanceTimeoutMs();
        JoinRequest join = new JoinRequest(data.groupId(), data.memberId(), data.groupInstanceId(),
                context.header.clientId(), clientHost(context), data.sessionTimeoutMs(), rebalanceTimeoutMs,
                data.protocolType(), protocols,
                JoinGroupRequest.requiresKnownMemberId(version) && data.groupInstanceId() == null);
        return coordinator.join(join).thenApply(result -> new JoinGroupResponse(toResponse(result), version));
    }

    private static JoinGroupResponseData toResponse(JoinResult result) {
        JoinGroupResponseData data = new JoinGroupResponseData()
                .setErrorCode(result.error().code())
                .setGenerationId(result.generationId())
                .setProtocolType(result.protocolType())
                .setProtocolName(result.protocolName())
                .setLeader(result.leaderId())
                .setMemberId(result.memberId());
        for (JoinResult.MemberMetadata member : result.members()) {
            data.members().add(new JoinGroupResponseMember().setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId()).setMetadata(member.metadata()));
        }
        return data;
    }

    CompletableFuture<AbstractResponse> syncGroup(RequestContext context, SyncGroupRequest request) {
        SyncGroupRequestData data = request.data();
        Map<String, byte[]> assignments = new HashMap<>();
        data.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        return coordinator.sync(data.groupId(), data.memberId(), data.groupInstanceId(), data.generationId(),
                        data.protocolType(), data.protocolName(), assignments)
                .thenApply(result -> new SyncGroupResponse(new SyncGroupResponseData()
                        .setErrorCode(result.error().code())
                        .setProtocolType(result.protocolType())
                        .setProtocolName(result.protocolName())
                        .setAssignment(result.assignment())));
    }

    CompletableFuture<AbstractResponse> heartbeat(RequestContext context, HeartbeatRequest request) {
        var data = request.data();
        Errors error = coordinator.heartbeat(data.groupId(), data.memberId(), data.groupInstanceId(),
                data.generationId());
        return done(new HeartbeatResponse(new HeartbeatResponseData().setErrorCode(error.code())));
    }

    CompletableFuture<AbstractResponse> leaveGroup(RequestContext context, LeaveGroupRequest request) {
        var members = request.members();
        List<GroupCoordinator.LeavingMember> leaving = members.stream()
                .map(m -> new GroupCoordinator.LeavingMember(m.memberId(), m.groupInstanceId())).toList();
        List<Errors> errors = coordinator.leave(request.data().groupId(), leaving);
        List<MemberResponse> responses = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            responses.add(new MemberResponse().setMemberId(members.get(i).memberId())
                    .setGroupInstanceId(members.get(i).groupInstanceId()).setErrorCode(errors.get(i).code()));
        }
        return done(new LeaveGroupResponse(responses, Errors.NONE, 0, context.apiVersion()));
    }

    /** Filters by state (v4+, case-insensitive) and type (v5+: only "classic" groups exist). */
    CompletableFuture<AbstractResponse> listGroups(RequestContext context, ListGroupsRequest request) {
        Set<String> states = request.data().statesFilter().stream()
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> types = request.data().typesFilter().stream()
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        ListGroupsResponseData data = new ListGroupsResponseData();
        if (types.isEmpty() || types.contains(CLASSIC_GROUP_TYPE)) {
            for (GroupDescription group : coordinator.listGroups()) {
                String state = group.state().kafkaName();
                if (states.isEmpty() || states.contains(state.toLowerCase(Locale.ROOT))) {
                    data.groups().add(new ListedGroup().setGroupId(group.groupId())
                            .setProtocolType(group.protocolType()).setGroupState(state)
                            .setGroupType(CLASSIC_GROUP_TYPE));
                }
            }
        }
        return done(new ListGroupsResponse(data));
    }

    /** Unknown groups are reported Dead (v0-5) or GROUP_ID_NOT_FOUND (v6+), as Kafka does. */
    CompletableFuture<AbstractResponse> describeGroups(RequestContext context, DescribeGroupsRequest request) {
        boolean includeOperations = request.data().includeAuthorizedOperations();
        DescribeGroupsResponseData data = new DescribeGroupsResponseData();
        for (String groupId : request.data().groups()) {
            DescribedGroup described = coordinator.describe(groupId)
                    .map(group -> describe(group, includeOperations))
                    .orElseGet(() -> context.apiVersion() >= 6
                            ? DescribeGroupsResponse.groupError(groupId, Errors.GROUP_ID_NOT_FOUND)
                            : DescribeGroupsResponse.groupMetadata(groupId, Errors.NONE,
                            GroupState.DEAD.kafkaName(), "", "", List.of(), Integer.MIN_VALUE));
            data.groups().add(described);
        }
        return done(new DescribeGroupsResponse(data));
    }

    private static DescribedGroup describe(GroupDescription group, boolean includeOperations) {
        List<DescribeGroupsResponseData.DescribedGroupMember> members = group.members().stream()
                .map(m -> DescribeGroupsResponse.groupMember(m.memberId(), m.groupInstanceId(), m.clientId(),
                        m.clientHost(), m.assignment(), m.metadata()))
                .toList();
        return DescribeGroupsResponse.groupMetadata(group.groupId(), Errors.NONE, group.state().kafkaName(),
                group.protocolType(), group.protocolName(), new ArrayList<>(members),
                includeOperations ? AuthorizedOperations.GROUP : Integer.MIN_VALUE);
    }

    /** Only Empty groups can be deleted, with their committed offsets. */
    CompletableFuture<AbstractResponse> deleteGroups(RequestContext context, DeleteGroupsRequest request) {
        DeleteGroupsResponseData data = new DeleteGroupsResponseData();
        coordinator.deleteGroups(request.data().groupsNames()).forEach((groupId, error) ->
                data.results().add(new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code())));
        return done(new DeleteGroupsResponse(data));
    }

    /** Kafka reports client hosts as {@code /address}. */
    private static String clientHost(RequestContext context) {
        return "/" + context.clientAddress.getHostAddress();
    }

    static CompletableFuture<AbstractResponse> done(AbstractResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
