package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * {@code mq groups reset-offsets GROUP --topic T --to-... [--execute]}: shows (dry run, the default)
 * or commits new offsets for every partition of a topic. Like Kafka's tool it refuses while the
 * group has members, whose next commit would overwrite the reset.
 */
@Command(name = "reset-offsets", description = "Move a group's offsets on a topic (dry run unless --execute).")
final class GroupResetOffsetsCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "GROUP", description = "Consumer group id (it must have no active members).")
    private String groupId;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Reset every partition of this topic.")
    private String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private ResetTarget target;

    @Option(names = "--execute", description = "Commit the new offsets (default: only show them).")
    private boolean execute;

    GroupResetOffsetsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Admin admin = context.admin()) {
            requireNoMembers(GroupLookup.describe(admin, groupId));
            List<TopicPartition> partitions = TopicLookup.partitions(admin, topic);
            Map<TopicPartition, Long> current = GroupLookup.committedOffsets(admin, groupId);
            Map<TopicPartition, Long> next = target.newOffsets(admin, partitions);
            printPlan(current, next);
            if (execute) {
                commit(admin, next);
                context.out().println("Reset the offsets of group " + groupId + " on " + next.size()
                        + " partition(s) of " + topic + ".");
            } else {
                context.out().println("Dry run: nothing changed. Add --execute to commit these offsets.");
            }
        }
        return 0;
    }

    private void requireNoMembers(Optional<ConsumerGroupDescription> group) {
        if (group.isPresent() && !group.get().members().isEmpty()) {
            throw new CliException("group '" + groupId + "' is not empty (state " + group.get().groupState()
                    + ", " + group.get().members().size() + " member(s)): stop its consumers before resetting offsets");
        }
    }

    private void printPlan(Map<TopicPartition, Long> current, Map<TopicPartition, Long> next) {
        Table table = new Table("TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET");
        next.forEach((partition, offset) ->
                table.row(partition.topic(), partition.partition(), current.get(partition), offset));
        PrintWriter out = context.out();
        table.print(out);
        out.println();
    }

    private void commit(Admin admin, Map<TopicPartition, Long> next) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = next.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue())));
        admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
    }
}
