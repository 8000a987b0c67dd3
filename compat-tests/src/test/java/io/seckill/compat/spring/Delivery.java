package io.seckill.compat.spring;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One record as a listener saw it, with the consumer thread that delivered it. */
public record Delivery(String topic, int partition, long offset, String value, String thread) {

    static Delivery of(ConsumerRecord<?, String> record) {
        return new Delivery(record.topic(), record.partition(), record.offset(), record.value(),
                Thread.currentThread().getName());
    }
}
