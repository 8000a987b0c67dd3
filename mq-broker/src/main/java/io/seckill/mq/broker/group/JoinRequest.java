package io.seckill.mq.broker.group;

import java.util.List;

/**
 * A JoinGroup request as the coordinator sees it.
 *
 * @param memberId             "" for a member that has none yet
 * @param groupInstanceId      the static member id, or null for a dynamic member
 * @param requireKnownMemberId JoinGroup v4+: a new dynamic member first gets MEMBER_ID_REQUIRED with its id
 */
public record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId, String clientHost,
                          int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType, List<Protocol> protocols,
                          boolean requireKnownMemberId) {

    public JoinRequest {
        protocols = List.copyOf(protocols);
    }
}
