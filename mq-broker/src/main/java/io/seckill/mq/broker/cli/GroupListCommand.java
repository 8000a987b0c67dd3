package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import picocli.CommandLine.Command;

import java.util.Comparator;
import java.util.concurrent.Callable;

/** {@code mq groups list}: every consumer group with its state. */
@Command(name = "list", description = "List consumer groups with their states.")
final class GroupListCommand implements Callable<Integer> {

    private static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final CliContext context;

    GroupListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Admin admin = context.admin()) {
            Table table = new Table("GROUP", "STATE");
            // No server-side type filter: it needs ListGroups v5, and a consumer group is known by its protocol type.
            admin.listGroups().all().get().stream()
                    .filter(GroupListCommand::isConsumerGroup)
                    .sorted(Comparator.comparing(GroupListing::groupId))
                    .forEach(group -> table.row(group.groupId(), group.groupState().orElse(null)));
            table.print(context.out());
        }
        return 0;
    }

    /** Consumer groups use protocol type "consumer"; groups that only commit offsets have none. */
    private static boolean isConsumerGroup(GroupListing group) {
        return group.protocol().isEmpty() || group.protocol().equals(CONSUMER_PROTOCOL_TYPE);
    }
}
