package io.seckill.inventory.infra.redis;

import io.seckill.inventory.domain.JobLocks;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@link JobLocks} as Redisson {@link RLock}s named {@code seckill:job-lock:<name>}.
 *
 * <p>No lease time is given, so Redisson's watchdog keeps the lock while the holder lives (however long the job)
 * and lets it expire about 30 s after the holder dies. An {@code RLock} belongs to the thread that took it, so
 * the job runs and unlocks on the calling thread. Thread-safe.
 */
public final class RedissonJobLocks implements JobLocks {

    private static final String PREFIX = "seckill:job-lock:";

    private final RedissonClient redisson;

    public RedissonJobLocks(RedissonClient redisson) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
    }

    @Override
    public boolean runExclusively(String name, Duration maxWait, Runnable job) {
        RLock lock = redisson.getLock(PREFIX + name);
        boolean acquired;
        try {
            acquired = lock.tryLock(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            if (RedisUnavailable.is(e)) {
                throw RedisUnavailable.busy(e);
            }
            throw e;
        }
        if (!acquired) {
            return false;
        }
        try {
            job.run();
            return true;
        } finally {
            lock.unlock();
        }
    }
}
