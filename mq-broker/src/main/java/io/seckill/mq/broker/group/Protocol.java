package io.seckill.mq.broker.group;

import java.util.Arrays;

/** One protocol a member supports (e.g. an assignor name) with its opaque metadata (the subscription). */
public record Protocol(String name, byte[] metadata) {

    boolean sameAs(Protocol other) {
        return name.equals(other.name) && Arrays.equals(metadata, other.metadata);
    }
}
