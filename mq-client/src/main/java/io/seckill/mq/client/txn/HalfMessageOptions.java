package io.seckill.mq.client.txn;

import java.time.Duration;

/**
 * Per-message settings of a half message; a null field means "the coordinator's default".
 *
 * @param transactionId      the business transaction id given to check-back handlers (default: the message id)
 * @param transactionTimeout how long after sending the first check-back may happen (default 6 s)
 * @param checkMax           how many check-backs before the message goes to the dead topic (default 15)
 * @param checkInterval      time between check-backs (default 30 s)
 * @param delay              deliver this long after the commit (a transactional delayed message); null = at once
 */
public record HalfMessageOptions(String transactionId, Duration transactionTimeout, Integer checkMax,
                                 Duration checkInterval, Duration delay) {

    public static final HalfMessageOptions DEFAULTS = new HalfMessageOptions(null, null, null, null, null);

    public HalfMessageOptions {
        requirePositive("transactionTimeout", transactionTimeout);
        requirePositive("checkInterval", checkInterval);
        if (checkMax != null && checkMax < 0) {
            throw new IllegalArgumentException("checkMax must not be negative, got " + checkMax);
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public HalfMessageOptions withTransactionId(String id) {
        return new HalfMessageOptions(id, transactionTimeout, checkMax, checkInterval, delay);
    }

    public HalfMessageOptions withTransactionTimeout(Duration timeout) {
        return new HalfMessageOptions(transactionId, timeout, checkMax, checkInterval, delay);
    }

    public HalfMessageOptions withCheckMax(int max) {
        return new HalfMessageOptions(transactionId, transactionTimeout, max, checkInterval, delay);
    }

    public HalfMessageOptions withCheckInterval(Duration interval) {
        return new HalfMessageOptions(transactionId, transactionTimeout, checkMax, interval, delay);
    }

    public HalfMessageOptions withDelay(Duration afterCommit) {
        return new HalfMessageOptions(transactionId, transactionTimeout, checkMax, checkInterval, afterCommit);
    }
}
