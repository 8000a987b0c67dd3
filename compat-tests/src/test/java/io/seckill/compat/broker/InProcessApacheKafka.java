package io.seckill.compat.broker;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Apache Kafka (single KRaft node, broker and controller) in this JVM, from spring-kafka-test: the reference. */
final class InProcessApacheKafka implements BrokerUnderTest {

    private final EmbeddedKafkaKraftBroker kafka;

    private InProcessApacheKafka(EmbeddedKafkaKraftBroker kafka) {
        this.kafka = kafka;
    }

    static InProcessApacheKafka start() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        return new InProcessApacheKafka(kafka);
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public void close() {
        kafka.destroy();
    }

    @Override
    public String toString() {
        return "Apache Kafka at " + bootstrapServers();
    }
}
