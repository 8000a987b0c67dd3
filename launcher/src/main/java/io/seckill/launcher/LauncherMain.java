package io.seckill.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar launcher/target/launcher.jar up|down|status}: the platform on one machine, started by
 * {@code ./seckill up} (README, API.md "Command lines").
 */
@Command(name = "seckill", mixinStandardHelpOptions = true, version = "seckill launcher 0.1.0",
        description = "Runs the seckill platform on this machine: MariaDB and Redis (embedded unless external ones are"
                + " given), mq-broker, inventory, order and payment services and the gateway, each its own process.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class})
public final class LauncherMain {

    /** Exit status of a failed start (a taken port, a process that did not become healthy). */
    static final int FAILED = 1;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new LauncherMain());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("seckill: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        });
        System.exit(commandLine.execute(args));
    }
}
