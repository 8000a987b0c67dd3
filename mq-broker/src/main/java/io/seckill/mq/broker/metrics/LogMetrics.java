package io.seckill.mq.broker.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.seckill.mq.broker.log.LogManager;
import io.seckill.mq.broker.log.PartitionLog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Per-partition log gauges (start and end offsets, high watermark, size) and disk usage, refreshed
 * before every scrape because partitions come and go with topics.
 */
public final class LogMetrics {

    private final LogManager logs;
    private final MultiGauge endOffsets;
    private final MultiGauge startOffsets;
    private final MultiGauge highWatermarks;
    private final MultiGauge sizes;

    public LogMetrics(BrokerMetrics metrics, LogManager logs) {
        this.logs = logs;
        var registry = metrics.registry();
        endOffsets = MultiGauge.builder("mq.log.end.offset").description("Next offset to be assigned").register(registry);
        startOffsets = MultiGauge.builder("mq.log.start.offset").description("First offset still retained").register(registry);
        highWatermarks = MultiGauge.builder("mq.log.high.watermark")
                .description("Offsets below this are visible to consumers").register(registry);
        sizes = MultiGauge.builder("mq.log.size.bytes").baseUnit("bytes").register(registry);
        Gauge.builder("mq.log.disk.usage.bytes", logs, LogManager::diskUsageBytes)
                .description("Bytes of all partition logs on disk").baseUnit("bytes").register(registry);
    }

    public void refresh() {
        List<PartitionLog> partitions = new ArrayList<>(logs.partitions());
        endOffsets.register(rows(partitions, PartitionLog::logEndOffset), true);
        startOffsets.register(rows(partitions, PartitionLog::logStartOffset), true);
        highWatermarks.register(rows(partitions, PartitionLog::highWatermark), true);
        sizes.register(rows(partitions, PartitionLog::sizeInBytes), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<PartitionLog> partitions, ToLongFunction<PartitionLog> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(partitions.size());
        for (PartitionLog partition : partitions) {
            long current = value.applyAsLong(partition);
            rows.add(MultiGauge.Row.of(Tags.of("topic", partition.topicPartition().topic(),
                    "partition", String.valueOf(partition.topicPartition().partition())), () -> current));
        }
        return rows;
    }
}
