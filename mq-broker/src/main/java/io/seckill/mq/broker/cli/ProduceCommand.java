package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code mq produce TOPIC [--key K] [VALUE...]}: sends each VALUE (or, without any, each line of
 * standard input) as one record with acks=all, and succeeds only when every record is acknowledged.
 */
@Command(name = "produce", description = "Send records: each VALUE, or each line of standard input when none is given.")
final class ProduceCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "An existing topic.")
    private String topic;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "VALUE", description = "Record values (UTF-8).")
    private List<String> values = new ArrayList<>();

    @Option(names = "--key", paramLabel = "K", description = "Key of every record (default: none).")
    private String key;

    ProduceCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Admin admin = context.admin()) {
            TopicLookup.describe(admin, topic);
        }
        long acknowledged = send(values.isEmpty() ? context.in().lines() : values.stream());
        context.out().println("Produced " + acknowledged + " record(s) to " + topic + ".");
        return 0;
    }

    /** Sends every value, then waits for all acknowledgements; the first failure fails the command. */
    private long send(Stream<String> records) throws ExecutionException {
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        try (Producer<byte[], byte[]> producer = context.producer()) {
            records.forEach(value -> producer.send(
                    new ProducerRecord<>(topic, keyBytes, value.getBytes(StandardCharsets.UTF_8)),
                    (metadata, failure) -> {
                        if (failure == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            firstFailure.compareAndSet(null, failure);
                        }
                    }));
            producer.flush();
        }
        if (firstFailure.get() != null) {
            throw new ExecutionException("a record was not acknowledged", firstFailure.get());
        }
        return acknowledged.get();
    }
}
