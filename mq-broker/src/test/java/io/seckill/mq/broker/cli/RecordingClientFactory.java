package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records the properties of each client a command asks for, then fails the command with "no broker in this test". */
final class RecordingClientFactory implements ClientFactory {

    static final String FAILURE = "no broker in this test";

    final List<Map<String, Object>> configs = new ArrayList<>();

    @Override
    public Admin admin(Map<String, Object> config) {
        throw record(config);
    }

    @Override
    public Producer<byte[], byte[]> producer(Map<String, Object> config) {
        throw record(config);
    }

    @Override
    public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        throw record(config);
    }

    Map<String, Object> lastConfig() {
        return configs.getLast();
    }

    private CliException record(Map<String, Object> config) {
        configs.add(Map.copyOf(config));
        return new CliException(FAILURE);
    }
}
