package io.seckill.mq.client.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The counter {@value #NAME} per consumer group and outcome. Thread-safe; counters are cached per group because a
 * registry lookup per message costs more than the increment, and groups are few.
 */
final class ConsumedMessageCounters {

    static final String NAME = "mq.consumer.messages";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> processed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> duplicate = new ConcurrentHashMap<>();

    ConsumedMessageCounters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The work ran and its transaction committed. */
    void processed(String consumerGroup) {
        processed.computeIfAbsent(consumerGroup, group -> register(group, "processed")).increment();
    }

    /** The message had been consumed before; the work was skipped. */
    void duplicate(String consumerGroup) {
        duplicate.computeIfAbsent(consumerGroup, group -> register(group, "duplicate")).increment();
    }

    private Counter register(String consumerGroup, String outcome) {
        return Counter.builder(NAME)
                .description("Messages handed to an idempotent consumer, by outcome")
                .tag("group", consumerGroup)
                .tag("outcome", outcome)
                .register(registry);
    }
}
