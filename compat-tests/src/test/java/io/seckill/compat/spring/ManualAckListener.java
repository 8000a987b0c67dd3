package io.seckill.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Acknowledges manually ({@code MANUAL_IMMEDIATE}: each acknowledgement commits at once). On its first
 * delivery a record is acknowledged only if its sequence number (the value {@code record-N}) is below
 * {@link #ACKNOWLEDGED_ON_FIRST_DELIVERY}; a redelivered record is always acknowledged. So after a
 * restart the container must resume exactly at the first unacknowledged offset.
 */
@Component
public class ManualAckListener {

    public static final String ID = "manual-ack";
    public static final int ACKNOWLEDGED_ON_FIRST_DELIVERY = 5;

    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> deliveryCounts = new ConcurrentHashMap<>();

    @KafkaListener(id = ID, topics = "#{compatTopics.manualAck()}", groupId = "#{compatTopics.group('manual-ack')}",
            containerFactory = "manualAckContainerFactory")
    void onRecord(ConsumerRecord<String, String> record, Acknowledgment acknowledgment) {
        deliveries.add(Delivery.of(record));
        int delivery = deliveryCounts.merge(record.value(), 1, Integer::sum);
        int sequence = Integer.parseInt(record.value().substring("record-".length()));
        if (sequence < ACKNOWLEDGED_ON_FIRST_DELIVERY || delivery > 1) {
            acknowledgment.acknowledge();
        }
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }
}
