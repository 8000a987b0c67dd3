package io.seckill.mq.broker.cli;

import picocli.CommandLine.Command;

/** {@code mq groups ...}: list, describe (with lag), reset-offsets. */
@Command(name = "groups", description = "List and describe consumer groups, reset their offsets.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {GroupListCommand.class, GroupDescribeCommand.class, GroupResetOffsetsCommand.class})
final class GroupsCommand extends CommandGroup {
}
