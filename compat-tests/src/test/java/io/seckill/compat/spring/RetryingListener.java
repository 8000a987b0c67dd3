package io.seckill.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Non-blocking retries: a failed record is republished to the retry topic and consumed again after the
 * back-off; after {@link #ATTEMPTS} failed attempts it goes to the DLT. A record whose value starts with
 * {@code flaky} fails {@link #FLAKY_FAILURES} times and then succeeds; one starting with {@code doomed}
 * always fails.
 */
@Component
public class RetryingListener {

    public static final String ID = "retrying";
    public static final int ATTEMPTS = 3;
    public static final int FLAKY_FAILURES = 2;

    private final Queue<Delivery> attempts = new ConcurrentLinkedQueue<>();
    private final Queue<Delivery> succeeded = new ConcurrentLinkedQueue<>();
    private final Queue<Delivery> deadLettered = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    @RetryableTopic(attempts = "" + ATTEMPTS, backOff = @BackOff(delay = 200), numPartitions = "1", replicationFactor = "1")
    @KafkaListener(id = ID, topics = "#{compatTopics.retryable()}", groupId = "#{compatTopics.group('retrying')}")
    void onRecord(ConsumerRecord<String, String> record) {
        Delivery delivery = Delivery.of(record);
        attempts.add(delivery);
        String value = record.value();
        if (value.startsWith("doomed")
                || (value.startsWith("flaky") && failures.getOrDefault(value, 0) < FLAKY_FAILURES)) {
            failures.merge(value, 1, Integer::sum);
            throw new IllegalStateException("attempt failed for " + value);
        }
        succeeded.add(delivery);
    }

    @DltHandler
    void onDeadLetter(ConsumerRecord<String, String> record) {
        deadLettered.add(Delivery.of(record));
    }

    public List<Delivery> attempts(String value) {
        return attempts.stream().filter(d -> d.value().equals(value)).toList();
    }

    public List<Delivery> succeeded() {
        return List.copyOf(succeeded);
    }

    public List<Delivery> deadLettered() {
        return List.copyOf(deadLettered);
    }
}
