package io.seckill.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Three consumers in one group ({@code concurrency = "3"}) sharing a six-partition topic; records every delivery. */
@Component
public class PartitionedListener {

    public static final String ID = "partitioned";

    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    @KafkaListener(id = ID, topics = "#{compatTopics.concurrent()}", groupId = "#{compatTopics.group('partitioned')}",
            concurrency = "3")
    void onRecord(ConsumerRecord<String, String> record) {
        deliveries.add(Delivery.of(record));
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }
}
