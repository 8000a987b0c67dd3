package io.seckill.mq.client.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.client.txn.TransactionCheckListener;
import io.seckill.mq.client.txn.TransactionChecker;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.context.SmartLifecycle;

import java.util.Map;

/** Starts the application's {@link TransactionCheckListener} with the context and stops it before the producer closes. */
public final class TransactionCheckLifecycle implements SmartLifecycle {

    private final Map<String, Object> clientConfig;
    private final Producer<byte[], byte[]> producer;
    private final String producerGroup;
    private final TransactionChecker checker;
    private final MeterRegistry registry;
    private volatile TransactionCheckListener listener;

    public TransactionCheckLifecycle(Map<String, Object> clientConfig, Producer<byte[], byte[]> producer, String producerGroup,
                                     TransactionChecker checker, MeterRegistry registry) {
        this.clientConfig = clientConfig;
        this.producer = producer;
        this.producerGroup = producerGroup;
        this.checker = checker;
        this.registry = registry;
    }

    @Override
    public void start() {
        listener = TransactionCheckListener.start(clientConfig, producer, producerGroup, checker, registry);
    }

    @Override
    public void stop() {
        TransactionCheckListener running = listener;
        if (running != null) {
            running.close();
            listener = null;
        }
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }
}
