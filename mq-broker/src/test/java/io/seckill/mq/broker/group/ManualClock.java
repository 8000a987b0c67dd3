package io.seckill.mq.broker.group;

import org.apache.kafka.common.utils.Time;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A clock the test moves by hand. Thread-safe. */
final class ManualClock implements Time {

    private final AtomicLong nowMs = new AtomicLong(1_700_000_000_000L);

    void advanceMs(long ms) {
        nowMs.addAndGet(ms);
    }

    @Override
    public long milliseconds() {
        return nowMs.get();
    }

    @Override
    public long nanoseconds() {
        return nowMs.get() * 1_000_000;
    }

    @Override
    public void sleep(long ms) {
        advanceMs(ms);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException("not used by the group coordinator");
    }
}
