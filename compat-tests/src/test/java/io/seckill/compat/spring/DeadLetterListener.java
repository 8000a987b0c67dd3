package io.seckill.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Fails on every record whose value starts with {@code poison}; its container's {@code DefaultErrorHandler}
 * redelivers such a record {@link CompatibilityApplication#DEAD_LETTER_RETRIES} times (blocking retries)
 * and then publishes it to the dead-letter topic with a {@code DeadLetterPublishingRecoverer}.
 */
@Component
public class DeadLetterListener {

    public static final String ID = "dead-letter";

    private final Queue<Delivery> attempts = new ConcurrentLinkedQueue<>();
    private final Queue<Delivery> processed = new ConcurrentLinkedQueue<>();

    @KafkaListener(id = ID, topics = "#{compatTopics.deadLetter()}", groupId = "#{compatTopics.group('dead-letter')}",
            containerFactory = "deadLetterContainerFactory")
    void onRecord(ConsumerRecord<String, String> record) {
        Delivery delivery = Delivery.of(record);
        attempts.add(delivery);
        if (record.value().startsWith("poison")) {
            throw new IllegalArgumentException("cannot process " + record.value());
        }
        processed.add(delivery);
    }

    public List<Delivery> attempts() {
        return List.copyOf(attempts);
    }

    public List<Delivery> processed() {
        return List.copyOf(processed);
    }
}
