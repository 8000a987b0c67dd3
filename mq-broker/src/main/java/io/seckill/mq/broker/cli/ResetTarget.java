package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Where {@code groups reset-offsets} moves a group's offsets: exactly one of the {@code --to-*}
 * options (a picocli exclusive group). A new offset always lies within the log
 * ({@code earliest <= new <= latest}), as Kafka's tool guarantees.
 */
final class ResetTarget {

    @Option(names = "--to-earliest", required = true, description = "The first offset still in the log.")
    private boolean earliest;

    @Option(names = "--to-latest", required = true, description = "The log end: skip everything not consumed yet.")
    private boolean latest;

    @Option(names = "--to-offset", required = true, paramLabel = "N",
            description = "Offset N in every partition (clamped into the log).")
    private Long offset;

    @Option(names = "--to-datetime", required = true, paramLabel = "ISO", converter = DateTimeConverter.class,
            description = "The first record at or after this time, e.g. 2026-11-25T09:30:00Z "
                    + "(no zone = local time); the log end when there is none.")
    private Instant datetime;

    /** The new offset of every partition; partitions whose topic vanished meanwhile are left out. */
    Map<TopicPartition, Long> newOffsets(Admin admin, List<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> starts = PartitionOffsets.of(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = PartitionOffsets.of(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> atTime = datetime == null ? Map.of()
                : PartitionOffsets.of(admin, partitions, OffsetSpec.forTimestamp(datetime.toEpochMilli()));
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            if (starts.containsKey(partition) && ends.containsKey(partition)) {
                offsets.put(partition, resolve(starts.get(partition), ends.get(partition), atTime.get(partition)));
            }
        }
        return offsets;
    }

    /** The new offset of a partition whose log spans {@code [logStart, logEnd)}; {@code atTime} may be null or -1. */
    long resolve(long logStart, long logEnd, Long atTime) {
        if (earliest) {
            return logStart;
        }
        if (latest) {
            return logEnd;
        }
        if (offset != null) {
            return Math.max(logStart, Math.min(offset, logEnd));
        }
        return atTime == null || atTime < 0 ? logEnd : Math.max(logStart, Math.min(atTime, logEnd));
    }

    /** ISO-8601 date-time with an offset ({@code Z}, {@code +01:00}) or without one (local time). */
    static final class DateTimeConverter implements ITypeConverter<Instant> {

        @Override
        public Instant convert(String text) {
            return parse(text, ZoneId.systemDefault());
        }

        static Instant parse(String text, ZoneId localZone) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(text).atZone(localZone).toInstant();
                } catch (DateTimeParseException e) {
                    throw new TypeConversionException(
                            "'" + text + "' is not an ISO date-time such as 2026-11-25T09:30:00Z");
                }
            }
        }
    }
}
