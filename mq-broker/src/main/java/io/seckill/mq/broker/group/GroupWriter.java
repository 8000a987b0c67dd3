package io.seckill.mq.broker.group;

import java.util.concurrent.CompletableFuture;

/** Where a group's metadata goes when a generation completes; the future completes once it is durable. */
@FunctionalInterface
interface GroupWriter {

    /** Writes the group's metadata; {@code null} removes the group. */
    CompletableFuture<Void> writeGroup(String groupId, GroupMetadataValue value);
}
