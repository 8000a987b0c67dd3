package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** {@code mq topics describe NAME}: id, settings that differ from the defaults, and every partition. */
@Command(name = "describe", description = "Show a topic: id, non-default settings, partitions with leader and offsets.")
final class TopicDescribeCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    private String name;

    TopicDescribeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Admin admin = context.admin()) {
            TopicDescription topic = TopicLookup.describe(admin, name);
            List<TopicPartition> partitions = TopicLookup.partitionsOf(topic);
            PrintWriter out = context.out();
            out.println("Topic:      " + topic.name());
            out.println("Topic id:   " + topic.topicId());
            out.println("Partitions: " + topic.partitions().size());
            out.println("Configs:    " + overriddenConfigs(admin));
            out.println();
            partitionTable(topic, PartitionOffsets.of(admin, partitions, OffsetSpec.earliest()),
                    PartitionOffsets.of(admin, partitions, OffsetSpec.latest())).print(out);
        }
        return 0;
    }

    /** Settings set on this topic (not inherited from the broker), as {@code k=v,k=v}; "none" when all are defaults. */
    private String overriddenConfigs(Admin admin) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        String overrides = admin.describeConfigs(List.of(resource)).all().get().get(resource).entries().stream()
                .filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .sorted(Comparator.comparing(ConfigEntry::name))
                .map(entry -> entry.name() + "=" + entry.value())
                .collect(Collectors.joining(","));
        return overrides.isEmpty() ? "none (all defaults)" : overrides;
    }

    private Table partitionTable(TopicDescription topic, Map<TopicPartition, Long> starts,
                                 Map<TopicPartition, Long> ends) {
        Table table = new Table("PARTITION", "LEADER", "REPLICAS", "ISR", "LOG-START-OFFSET", "LOG-END-OFFSET");
        for (TopicPartitionInfo partition : topic.partitions()) {
            TopicPartition key = new TopicPartition(name, partition.partition());
            table.row(partition.partition(), partition.leader() == null ? null : partition.leader().id(),
                    nodeIds(partition.replicas()), nodeIds(partition.isr()), starts.get(key), ends.get(key));
        }
        return table;
    }

    private static String nodeIds(List<Node> nodes) {
        return nodes.stream().map(Node::idString).collect(Collectors.joining(","));
    }
}
