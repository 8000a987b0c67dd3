package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** {@code mq topics delete NAME}: deletes the topic and its data. */
@Command(name = "delete", description = "Delete a topic and all its records.")
final class TopicDeleteCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    private String name;

    TopicDeleteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Admin admin = context.admin()) {
            admin.deleteTopics(List.of(name)).all().get();
        } catch (ExecutionException e) {
            throw TopicLookup.unknownTopicOr(e, name);
        }
        context.out().println("Deleted topic " + name + ".");
        return 0;
    }
}
