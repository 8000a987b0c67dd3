package io.seckill.mq.broker.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one consumer group consumed of a topic read from offset 0: per partition the next offset
 * expected. A record below it is a duplicate (at-least-once redelivery after a rebalance); a
 * record above it means records were skipped (a loss). Values are increasing numbers per key, so
 * per-key order is checked as well. Thread-safe.
 */
final class ConsumptionLedger {

    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private final Map<String, Long> lastValueByKey = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long duplicates;

    synchronized void record(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        long next = nextOffsets.getOrDefault(tp, 0L);
        if (record.offset() < next) {
            duplicates++;
            return;
        }
        if (record.offset() > next && violations.size() < 20) {
            violations.add("skipped offsets " + next + ".." + (record.offset() - 1) + " of " + tp);
        }
        nextOffsets.put(tp, record.offset() + 1);
        if (record.key() != null) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            long value = Long.parseLong(new String(record.value(), StandardCharsets.UTF_8));
            Long previous = lastValueByKey.put(key, value);
            if (previous != null && value <= previous && violations.size() < 20) {
                violations.add("key " + key + " saw " + value + " after " + previous);
            }
        }
    }

    /** Whether every partition has been consumed up to (excluding) its end offset. */
    synchronized boolean reached(Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream().allMatch(e -> nextOffsets.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Distinct records consumed (offsets are contiguous from 0 unless there are violations). */
    synchronized long distinctRecords() {
        return nextOffsets.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}
