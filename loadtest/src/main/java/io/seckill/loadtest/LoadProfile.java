package io.seckill.loadtest;

import java.time.Duration;

/**
 * When each request of a run is meant to be sent, and by which user: the open-loop schedule. Latencies are measured
 * from these intended times, not from when a connection became free, so a stalled server shows up as latency
 * instead of silently slowing the load down (coordinated omission).
 */
public sealed interface LoadProfile {

    /** Requests in the run. */
    int requests();

    /** Intended send time of request {@code index}, in nanoseconds after the run's start. */
    long offsetNanos(int index);

    /** The user (0-based index into the run's users) that sends request {@code index}. */
    int userOf(int index);

    /** The profile's name on the command line and in the report. */
    String name();

    /** Every user fires once, all at the same instant (the sale's {@code startsAt}). */
    record Burst(int users) implements LoadProfile {
        public Burst {
            if (users < 1) {
                throw new IllegalArgumentException("users must be at least 1, was " + users);
            }
        }

        @Override
        public int requests() {
            return users;
        }

        @Override
        public long offsetNanos(int index) {
            return 0;
        }

        @Override
        public int userOf(int index) {
            return index;
        }

        @Override
        public String name() {
            return "burst";
        }
    }

    /**
     * A fixed rate for a fixed time: request {@code i} is due at {@code i / ratePerSecond}; users take turns, so each
     * one sends every {@code users / ratePerSecond} seconds.
     */
    record Sustained(int users, double ratePerSecond, Duration duration) implements LoadProfile {
        public Sustained {
            if (users < 1) {
                throw new IllegalArgumentException("users must be at least 1, was " + users);
            }
            if (!(ratePerSecond > 0)) {
                throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive, was " + duration);
            }
        }

        @Override
        public int requests() {
            double count = Math.floor(ratePerSecond * duration.toNanos() / 1e9);
            if (count > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException("rate x duration is too many requests: " + count);
            }
            return Math.max(1, (int) count);
        }

        @Override
        public long offsetNanos(int index) {
            return Math.round(index * 1e9 / ratePerSecond);
        }

        @Override
        public int userOf(int index) {
            return index % users;
        }

        @Override
        public String name() {
            return "sustained";
        }
    }
}
