package io.seckill.mq.broker.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.seckill.mq.broker.group.CommittedOffset;
import io.seckill.mq.broker.group.GroupCoordinator;
import io.seckill.mq.broker.metadata.TopicService;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mq_consumer_lag{group,topic,partition}}: records a group has yet to consume, i.e. the
 * partition's high watermark minus the group's committed offset (never negative). Refreshed before
 * every scrape because groups, commits and partitions change; partitions of deleted topics drop out.
 */
public final class ConsumerLagMetrics {

    private final GroupCoordinator groups;
    private final TopicService topics;
    private final MultiGauge lag;

    public ConsumerLagMetrics(BrokerMetrics metrics, GroupCoordinator groups, TopicService topics) {
        this.groups = groups;
        this.topics = topics;
        lag = MultiGauge.builder("mq.consumer.lag")
                .description("High watermark minus the group's committed offset").register(metrics.registry());
    }

    public void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<TopicPartition, CommittedOffset>> group : groups.allCommitted().entrySet()) {
            group.getValue().forEach((tp, committed) -> topics.partition(tp).ifPresent(partition -> {
                long current = Math.max(0, partition.highWatermark() - committed.offset());
                rows.add(MultiGauge.Row.of(Tags.of("group", group.getKey(), "topic", tp.topic(),
                        "partition", String.valueOf(tp.partition())), () -> current));
            }));
        }
        lag.register(rows, true);
    }
}
