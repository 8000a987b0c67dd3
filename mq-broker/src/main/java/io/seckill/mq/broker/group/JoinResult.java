package io.seckill.mq.broker.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.List;

/**
 * The answer to a JoinGroup: the generation the member is part of, the chosen protocol and leader;
 * the leader also gets every member's metadata for that protocol so it can compute the assignment.
 */
public record JoinResult(Errors error, int generationId, String protocolType, String protocolName, String leaderId,
                         String memberId, List<MemberMetadata> members) {

    /** A member as the leader sees it in its JoinGroup response. */
    public record MemberMetadata(String memberId, String groupInstanceId, byte[] metadata) {
    }

    public JoinResult {
        members = List.copyOf(members);
    }

    static JoinResult error(Errors error, String memberId) {
        return new JoinResult(error, -1, null, null, "", memberId, List.of());
    }
}
