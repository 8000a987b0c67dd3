package io.seckill.mq.broker.group;

import java.util.List;

/**
 * What the offsets log keeps of a group: the current generation and its members with their
 * subscription (metadata of the chosen protocol) and assignment. Enough to restore a Stable group
 * after a restart, so its members resume without a rebalance.
 *
 * @param protocolName null when the group is Empty
 * @param leaderId     null when the group is Empty
 */
public record GroupMetadataValue(String protocolType, String protocolName, int generationId, String leaderId,
                                 List<MemberValue> members) {

    /** A member of the stored generation. */
    public record MemberValue(String memberId, String groupInstanceId, String clientId, String clientHost,
                              int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }

    public GroupMetadataValue {
        members = List.copyOf(members);
    }
}
