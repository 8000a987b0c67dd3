package io.seckill.mq.broker.cli;

import picocli.CommandLine.Command;

/** {@code mq topics ...}: list, create, describe, delete. */
@Command(name = "topics", description = "List, create, describe and delete topics.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {TopicListCommand.class, TopicCreateCommand.class, TopicDescribeCommand.class,
                TopicDeleteCommand.class})
final class TopicsCommand extends CommandGroup {
}
