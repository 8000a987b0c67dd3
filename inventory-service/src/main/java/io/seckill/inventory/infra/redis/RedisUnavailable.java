package io.seckill.inventory.infra.redis;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import org.redisson.client.RedisBusyException;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisMasterDownException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisTryAgainException;

import java.io.IOException;
import java.util.List;

/**
 * Tells Redis being unavailable (down, unreachable, loading, out of memory, failing over) from Redis answering that
 * something is wrong (a script error: a bug or damaged state), and turns the first into {@code BUSY}.
 *
 * <p>Unavailability is the client's problem to retry later (API.md: 503 {@code BUSY}); a script error stays an
 * internal error, so that it is seen and fixed rather than retried forever.
 */
final class RedisUnavailable {

    private static final List<Class<? extends RuntimeException>> UNAVAILABLE = List.of(
            RedisConnectionException.class, RedisTimeoutException.class, RedisNodeNotFoundException.class,
            RedisLoadingException.class, RedisBusyException.class, RedisTryAgainException.class,
            RedisClusterDownException.class, RedisMasterDownException.class, RedisRetryException.class,
            RedisOutOfMemoryException.class);

    private RedisUnavailable() {
    }

    /**
     * Whether {@code e}, or one of its causes, says that Redis could not be used right now: one of Redisson's
     * unavailability exceptions, or any network I/O failure (Redisson wraps e.g. a refused connection in a plain
     * {@code RedisException}).
     */
    static boolean is(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
            for (Class<? extends RuntimeException> type : UNAVAILABLE) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code BUSY}, keeping {@code cause} for the log. */
    static ServiceException busy(RuntimeException cause) {
        ServiceException busy = new ServiceException(ErrorCode.BUSY, "the stock store is unavailable; retry");
        busy.initCause(cause);
        return busy;
    }
}
