package io.seckill.compat.mq;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.HalfMessageOptions;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

/**
 * A producing process that dies between its half messages and their decisions: {@code n} threads each store a half
 * message and run a local transaction that commits locally (even numbers: its transaction id is appended to the
 * state file and forced to disk) or does nothing (odd numbers), then waits. Once every thread is inside its local
 * transaction it prints {@code READY}; the test then kills it with SIGKILL. Run by {@link ChildJvm}.
 *
 * <p>Arguments: bootstrap, target topic, producer group, n, state file.
 */
public final class HalfThenKilled {

    private HalfThenKilled() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String group = args[2];
        int n = Integer.parseInt(args[3]);
        Path state = Path.of(args[4]);
        KafkaProducer<byte[], byte[]> producer = TestClients.producer(bootstrap);
        TransactionalMessageProducer transactional = new TransactionalMessageProducer(producer, group, new SimpleMeterRegistry());
        CountDownLatch inLocalTransaction = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int number = i;
            Thread.ofPlatform().start(() -> transactional.send(
                    new ProducerRecord<>(topic, bytes("k" + number), bytes("v" + number)),
                    HalfMessageOptions.DEFAULTS.withTransactionId("tx-" + number),
                    half -> {
                        if (number % 2 == 0) {
                            commitLocally(state, half.transactionId());
                        }
                        inLocalTransaction.countDown();
                        new CountDownLatch(1).await();
                        return TransactionState.COMMIT;
                    }));
        }
        inLocalTransaction.await();
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static synchronized void commitLocally(Path state, String transactionId) throws IOException {
        Files.writeString(state, transactionId + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
