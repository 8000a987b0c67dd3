package io.seckill.mq.broker.group;

import java.util.List;

/**
 * A group as DescribeGroups and ListGroups report it. As in Kafka, the protocol and the members'
 * metadata and assignments are only reported for a Stable group.
 */
public record GroupDescription(String groupId, GroupState state, String protocolType, String protocolName,
                               List<MemberDescription> members) {

    /** One member; metadata and assignment are empty unless the group is Stable. */
    public record MemberDescription(String memberId, String groupInstanceId, String clientId, String clientHost,
                                    byte[] metadata, byte[] assignment) {
    }

    public GroupDescription {
        members = List.copyOf(members);
    }
}
