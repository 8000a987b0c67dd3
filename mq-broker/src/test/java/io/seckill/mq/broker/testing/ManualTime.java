package io.seckill.mq.broker.testing;

import org.apache.kafka.common.utils.Time;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A clock the test moves by hand; sleeping advances it. Thread-safe. */
public final class ManualTime implements Time {
    private final AtomicLong nowMs;

    public ManualTime(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    public ManualTime() {
        this(1_700_000_000_000L);
    }

    public void advanceMs(long ms) {
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
        throw new UnsupportedOperationException("not used by the code under test");
    }
}
