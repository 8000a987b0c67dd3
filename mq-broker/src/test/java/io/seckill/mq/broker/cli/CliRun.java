package io.seckill.mq.broker.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

/** One in-process run of {@code mq}: its exit code and everything it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(ClientFactory clients, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = MqCli.execute(clients, new BufferedReader(new StringReader(stdin)),
                new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
