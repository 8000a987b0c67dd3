package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code mq groups describe GROUP}: per partition the committed offset, the log end offset, the lag
 * and the owning member, like {@code kafka-consumer-groups --describe}.
 */
@Command(name = "describe", description = "Show a consumer group: state, members, and per partition offsets and LAG.")
final class GroupDescribeCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "GROUP", description = "Consumer group id.")
    private String groupId;

    GroupDescribeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Admin admin = context.admin()) {
            Optional<ConsumerGroupDescription> group = GroupLookup.describe(admin, groupId);
            Map<TopicPartition, Long> committed = GroupLookup.committedOffsets(admin, groupId);
            if (group.isEmpty() && committed.isEmpty()) {
                throw new CliException("group '" + groupId + "' does not exist");
            }
            List<MemberDescription> members = group.map(g -> List.copyOf(g.members())).orElse(List.of());
            Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
            members.forEach(member -> partitions.addAll(member.assignment().topicPartitions()));
            Map<TopicPartition, Long> logEnds = PartitionOffsets.of(admin, partitions, OffsetSpec.latest());
            print(group, members, PartitionLag.of(committed, logEnds, members));
        }
        return 0;
    }

    private void print(Optional<ConsumerGroupDescription> group, List<MemberDescription> members,
                       List<PartitionLag> partitions) {
        PrintWriter out = context.out();
        out.println("Group:     " + groupId);
        out.println("State:     " + group.map(g -> g.groupState().toString()).orElse("Empty"));
        out.println("Members:   " + members.size());
        out.println("Total lag: " + PartitionLag.totalLag(partitions));
        out.println();
        Table table = new Table("TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                "CONSUMER-ID", "HOST", "CLIENT-ID");
        for (PartitionLag partition : partitions) {
            Optional<MemberDescription> owner = partition.owner();
            table.row(partition.partition().topic(), partition.partition().partition(), partition.committed(),
                    partition.logEnd(), partition.lag(), owner.map(MemberDescription::consumerId).orElse(null),
                    owner.map(MemberDescription::host).orElse(null),
                    owner.map(MemberDescription::clientId).orElse(null));
        }
        table.print(out);
    }
}
