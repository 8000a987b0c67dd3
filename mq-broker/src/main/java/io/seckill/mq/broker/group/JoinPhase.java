package io.seckill.mq.broker.group;

/**
 * When the join phase of a rebalance may end: as soon as every member has rejoined, at the latest
 * at the deadline (now + the longest rebalance timeout of the members). The first rebalance of an
 * empty group instead waits {@code group.initial.rebalance.delay.ms} for more members to arrive,
 * each new member extending the wait by another delay, bounded by the rebalance timeout.
 *
 * <p>Not thread-safe: owned by its {@link ClassicGroup}.
 */
final class JoinPhase {

    private final int initialDelayMs;
    private long deadlineMs;
    private boolean initialDelay;
    private long initialDelayLimitMs;

    JoinPhase(int initialDelayMs) {
        this.initialDelayMs = initialDelayMs;
    }

    void begin(long nowMs, int rebalanceTimeoutMs, boolean groupWasEmpty) {
        initialDelay = groupWasEmpty && initialDelayMs > 0;
        if (initialDelay) {
            deadlineMs = nowMs + initialDelayMs;
            initialDelayLimitMs = nowMs + Math.max(rebalanceTimeoutMs, initialDelayMs);
        } else {
            deadlineMs = nowMs + rebalanceTimeoutMs;
        }
    }

    /** A new member arrived during the join phase. */
    void memberAdded(long nowMs) {
        if (initialDelay) {
            deadlineMs = Math.min(nowMs + initialDelayMs, initialDelayLimitMs);
        }
    }

    boolean canEnd(long nowMs, boolean allJoined) {
        return nowMs >= deadlineMs || (allJoined && !initialDelay);
    }

    void end() {
        initialDelay = false;
    }
}
