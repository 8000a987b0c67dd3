package io.seckill.mq.broker.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A command that only groups subcommands: run without one, it is a usage error (exit code 2). */
abstract class CommandGroup implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
