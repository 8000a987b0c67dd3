package io.seckill.mq.broker.group;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A {@link GroupStore} that keeps what was written, in order, and is durable at once. Thread-safe. */
final class InMemoryGroupStore implements GroupStore {

    /** One write: a group value or an offset commit; null values are tombstones. */
    record Write(String groupId, GroupMetadataValue group, Map<TopicPartition, CommittedOffset> offsets) {
    }

    private final List<Write> writes = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Void> writeGroup(String groupId, GroupMetadataValue value) {
        writes.add(new Write(groupId, value, null));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> writeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        writes.add(new Write(groupId, null, new HashMap<>(offsets)));
        return CompletableFuture.completedFuture(null);
    }

    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    /** The last group value written for the group; null when the last write removed it or there was none. */
    synchronized GroupMetadataValue lastGroup(String groupId) {
        GroupMetadataValue last = null;
        for (Write write : writes) {
            if (write.groupId().equals(groupId) && write.offsets() == null) {
                last = write.group();
            }
        }
        return last;
    }
}
