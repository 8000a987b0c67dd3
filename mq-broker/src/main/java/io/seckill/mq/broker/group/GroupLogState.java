package io.seckill.mq.broker.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.SimpleRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live content of the offsets log: the last value of every key, tombstoned keys removed. Built
 * by replaying the log in order on start. Not thread-safe: used by the loading thread only.
 */
final class GroupLogState {

    private final Map<String, GroupMetadataValue> groups = new LinkedHashMap<>();
    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new LinkedHashMap<>();

    void apply(GroupRecords.Entry entry) {
        switch (entry) {
            case GroupRecords.GroupEntry group -> {
                if (group.value() == null) {
                    groups.remove(group.groupId());
                } else {
                    groups.put(group.groupId(), group.value());
                }
            }
            case GroupRecords.OffsetEntry offset -> {
                if (offset.value() == null) {
                    Map<TopicPartition, CommittedOffset> committed = offsets.get(offset.groupId());
                    if (committed != null) {
                        committed.remove(offset.partition());
                        if (committed.isEmpty()) {
                            offsets.remove(offset.groupId());
                        }
                    }
                } else {
                    offsets.computeIfAbsent(offset.groupId(), g -> new HashMap<>())
                            .put(offset.partition(), offset.value());
                }
            }
        }
    }

    Map<String, GroupMetadataValue> groups() {
        return groups;
    }

    Map<String, Map<TopicPartition, CommittedOffset>> offsets() {
        return offsets;
    }

    /** Number of live keys. */
    long size() {
        return groups.size() + offsets.values().stream().mapToLong(Map::size).sum();
    }

    /** One record per live key: the content of a compacted log. */
    List<SimpleRecord> toRecords(long timestampMs) {
        List<SimpleRecord> records = new ArrayList<>();
        groups.forEach((groupId, value) -> records.add(GroupRecords.group(groupId, value, timestampMs)));
        offsets.forEach((groupId, committed) -> committed.forEach((tp, value) ->
                records.add(GroupRecords.offset(groupId, tp, value, timestampMs))));
        return records;
    }
}
