package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** {@code mq topics create NAME [--partitions N] [--config k=v]...}. */
@Command(name = "create", description = "Create a topic.")
final class TopicCreateCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    private String name;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Number of partitions (default: the broker's num.partitions).")
    private Integer partitions;

    @Option(names = "--config", paramLabel = "KEY=VALUE",
            description = "Topic setting, repeatable, e.g. --config retention.ms=3600000.")
    private Map<String, String> configs = new LinkedHashMap<>();

    TopicCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (partitions != null && partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, was " + partitions);
        }
        NewTopic topic = new NewTopic(name, Optional.ofNullable(partitions), Optional.empty()).configs(configs);
        try (Admin admin = context.admin()) {
            CreateTopicsResult result = admin.createTopics(List.of(topic));
            try {
                result.all().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    throw new CliException("topic '" + name + "' already exists");
                }
                throw e;
            }
            context.out().println("Created topic " + name + " with " + result.numPartitions(name).get()
                    + " partition(s).");
        }
        return 0;
    }
}
