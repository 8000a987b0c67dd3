package io.seckill.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A batch listener ({@code AckMode.BATCH}: the container commits after each batch). It does not start
 * with the context, so the test can produce first and the first poll finds many records.
 */
@Component
public class BatchListener {

    public static final String ID = "batch";

    private final Queue<List<Delivery>> batches = new ConcurrentLinkedQueue<>();

    @KafkaListener(id = ID, topics = "#{compatTopics.batch()}", groupId = "#{compatTopics.group('batch')}",
            containerFactory = "batchContainerFactory", autoStartup = "false")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        batches.add(records.stream().map(Delivery::of).toList());
    }

    public List<List<Delivery>> batches() {
        return List.copyOf(batches);
    }

    public List<Delivery> deliveries() {
        return batches.stream().flatMap(List::stream).toList();
    }
}
