package io.seckill.mq.broker.coordinator;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.mq.broker.config.CoordinatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator inside mq-broker. It is a client of the broker, so it starts in the background once the broker
 * serves, retrying every second until it can reach it (a proxy or a slow first start must not hold the broker up),
 * and stops before the broker does.
 */
public final class EmbeddedCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCoordinator.class);

    /** What /health reports. */
    public enum State { STARTING, UP, STOPPED }

    private final Thread starter;
    private final CountDownLatch startAttemptsOver = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Coordinator coordinator;

    private EmbeddedCoordinator(Map<String, Object> clientConfig, CoordinatorSettings settings, MeterRegistry registry) {
        starter = Thread.ofPlatform().name("mq-coordinator-start").daemon().unstarted(() -> {
            try {
                while (!closed && coordinator == null) {
                    try {
                        coordinator = Coordinator.start(clientConfig, settings, registry);
                    } catch (RuntimeException e) {
                        log.warn("coordinator could not start yet ({}); retrying in 1 s", e.toString());
                        Thread.sleep(1_000);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                startAttemptsOver.countDown();
            }
        });
    }

    /** Starts the coordinator against the broker at {@code clientConfig}'s bootstrap address, in the background. */
    public static EmbeddedCoordinator start(Map<String, Object> clientConfig, CoordinatorSettings settings, MeterRegistry registry) {
        EmbeddedCoordinator embedded = new EmbeddedCoordinator(clientConfig, settings, registry);
        embedded.starter.start();
        return embedded;
    }

    public State state() {
        return closed ? State.STOPPED : coordinator != null ? State.UP : State.STARTING;
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (!startAttemptsOver.await(40, TimeUnit.SECONDS)) {
                starter.interrupt();
                startAttemptsOver.await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Coordinator running = coordinator;
        if (running != null) {
            running.close();
        }
    }
}
