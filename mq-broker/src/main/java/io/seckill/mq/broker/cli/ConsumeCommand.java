package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mq consume TOPIC [--from-beginning] [--max N] [--group G] [--timeout-ms T]}: prints
 * {@code partition offset key value} lines until N records were printed or none arrived for T ms.
 * Without a group it reads all partitions directly; with one it joins the group and commits
 * exactly what it printed.
 */
@Command(name = "consume", description = "Print records as 'partition offset key value' lines.")
final class ConsumeCommand implements Callable<Integer> {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "An existing topic.")
    private String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest offset (default: only new records, "
            + "or a group's committed offsets).")
    private boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    private Long maxRecords;

    @Option(names = "--group", paramLabel = "G", description = "Consume as a member of group G and commit offsets.")
    private String group;

    @Option(names = "--timeout-ms", paramLabel = "T", defaultValue = "5000",
            description = "Stop when no record arrived for T ms (default ${DEFAULT-VALUE}; 0 = never).")
    private long idleTimeoutMs;

    ConsumeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        List<TopicPartition> partitions;
        try (Admin admin = context.admin()) {
            partitions = TopicLookup.partitions(admin, topic);
        }
        Consumer<byte[], byte[]> consumer = context.consumer(overrides());
        long printed;
        try {
            start(consumer, partitions);
            printed = printRecords(consumer);
        } finally {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
        context.err().println("Consumed " + printed + " record(s).");
        return 0;
    }

    private void validate() {
        if (maxRecords != null && maxRecords < 1) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1, was " + maxRecords);
        }
        if (idleTimeoutMs < 0) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must not be negative");
        }
    }

    private Map<String, Object> overrides() {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        if (group != null) {
            overrides.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return overrides;
    }

    private void start(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        if (group != null) {
            consumer.subscribe(List.of(topic));
            return;
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    /** Polls until the record limit or the idle timeout; returns how many records were printed. */
    private long printRecords(Consumer<byte[], byte[]> consumer) {
        long printed = 0;
        long idleDeadline = System.nanoTime() + Duration.ofMillis(idleTimeoutMs).toNanos();
        while (!reachedMax(printed) && (idleTimeoutMs == 0 || System.nanoTime() < idleDeadline)) {
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_INTERVAL)) {
                if (reachedMax(printed)) {
                    break;
                }
                context.out().println(line(record));
                positions.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                printed++;
            }
            if (!positions.isEmpty()) {
                context.out().flush();
                idleDeadline = System.nanoTime() + Duration.ofMillis(idleTimeoutMs).toNanos();
                if (group != null) {
                    consumer.commitSync(positions);
                }
            }
        }
        return printed;
    }

    private boolean reachedMax(long printed) {
        return maxRecords != null && printed >= maxRecords;
    }

    /** {@code partition offset key value}; a missing key or value prints as {@code null}, as Kafka's console consumer does. */
    static String line(ConsumerRecord<byte[], byte[]> record) {
        return record.partition() + " " + record.offset() + " " + text(record.key()) + " " + text(record.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
