package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine.Command;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code mq topics list}: every topic with its partition count and id. */
@Command(name = "list", description = "List topics with their partition counts.")
final class TopicListCommand implements Callable<Integer> {

    private final CliContext context;

    TopicListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Admin admin = context.admin()) {
            Set<String> names = admin.listTopics().names().get();
            Map<String, TopicDescription> topics = new TreeMap<>(admin.describeTopics(names).allTopicNames().get());
            Table table = new Table("TOPIC", "PARTITIONS", "TOPIC-ID");
            topics.values().forEach(topic -> table.row(topic.name(), topic.partitions().size(), topic.topicId()));
            table.print(context.out());
        }
        return 0;
    }
}
