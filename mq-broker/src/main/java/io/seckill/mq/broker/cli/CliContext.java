package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every subcommand gets from {@link MqCli} through its constructor: Kafka clients configured
 * by the global options (read when a client is created, i.e. after parsing), and the console.
 */
final class CliContext {

    private final ClientFactory clients;
    private final Supplier<ClientSettings> settings;
    private final BufferedReader in;
    private final PrintWriter out;
    private final PrintWriter err;

    CliContext(ClientFactory clients, Supplier<ClientSettings> settings, BufferedReader in, PrintWriter out,
               PrintWriter err) {
        this.clients = clients;
        this.settings = settings;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    Admin admin() {
        return clients.admin(settings.get().admin());
    }

    Producer<byte[], byte[]> producer() {
        return clients.producer(settings.get().producer());
    }

    /** A consumer; {@code overrides} (group id, offset reset) win over all other settings. */
    Consumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
        return clients.consumer(settings.get().consumer(overrides));
    }

    /** Standard input, for commands that read records from it. */
    BufferedReader in() {
        return in;
    }

    /** Results: tables and records. */
    PrintWriter out() {
        return out;
    }

    /** Progress notes and summaries that must not mix with results. */
    PrintWriter err() {
        return err;
    }
}
