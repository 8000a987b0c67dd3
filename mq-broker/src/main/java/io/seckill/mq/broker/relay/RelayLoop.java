package io.seckill.mq.broker.relay;

import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs an engine's consume-and-relay session on its own thread and starts a new one from the last checkpoint
 * when a session fails (a transient send failure, a lost connection), with a growing pause up to 5 s. A session
 * owns its consumer and all in-memory state, so a restart is exactly a coordinator restart, in one process.
 */
public final class RelayLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayLoop.class);

    /** One consume-and-relay session; {@link #wakeup()} interrupts its blocking poll from another thread. */
    public interface Session extends AutoCloseable {
        /** Runs until {@code running} turns false or a failure is thrown; checkpoints before returning normally. */
        void run(java.util.function.BooleanSupplier running);

        void wakeup();

        @Override
        void close();
    }

    private final String name;
    private final java.util.function.Supplier<Session> sessions;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Session current;

    public RelayLoop(String name, java.util.function.Supplier<Session> sessions) {
        this.name = name;
        this.sessions = sessions;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        long pauseMs = 100;
        try {
            while (running) {
                try (Session session = sessions.get()) {
                    current = session;
                    if (!running) {
                        break;
                    }
                    session.run(() -> running);
                    pauseMs = 100;
                } catch (WakeupException e) {
                    if (running) {
                        log.warn("{}: woken up unexpectedly; restarting from the last checkpoint", name);
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    log.warn("{}: session failed ({}); restarting from the last checkpoint in {} ms", name, e.toString(), pauseMs, e);
                    sleep(pauseMs);
                    pauseMs = Math.min(pauseMs * 2, 5_000);
                } finally {
                    current = null;
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the loop: the running session checkpoints and closes. */
    @Override
    public void close() {
        running = false;
        try {
            // Sessions poll with short timeouts and checkpoint on their way out; wake one only if it is stuck.
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                Session session = current;
                if (session != null) {
                    session.wakeup();
                }
                if (!stopped.await(20, TimeUnit.SECONDS)) {
                    log.warn("{} did not stop within 30 s", name);
                    thread.interrupt();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
