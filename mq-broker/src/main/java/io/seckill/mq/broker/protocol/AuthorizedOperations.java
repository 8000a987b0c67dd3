package io.seckill.mq.broker.protocol;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.utils.Utils;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** mq-broker has no authorizer: every client may perform every operation. These are the bit fields to report. */
final class AuthorizedOperations {

    static final int TOPIC = bits(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE,
            AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    static final int GROUP = bits(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE);
    static final int CLUSTER = bits(AclOperation.CREATE, AclOperation.ALTER, AclOperation.DESCRIBE,
            AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
            AclOperation.IDEMPOTENT_WRITE);

    private AuthorizedOperations() {
    }

    private static int bits(AclOperation... operations) {
        Set<Byte> codes = Stream.of(operations).map(AclOperation::code).collect(Collectors.toSet());
        return Utils.to32BitField(codes);
    }
}
