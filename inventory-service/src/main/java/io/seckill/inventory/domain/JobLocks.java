package io.seckill.inventory.domain;

import java.time.Duration;

/**
 * Cluster-wide mutual exclusion for background jobs (warm-up, reconciliation), never for requests on the hot path.
 *
 * <p>A holder that dies loses the lock after a short lease, so a crashed instance blocks no one for long.
 */
public interface JobLocks {

    /**
     * Runs {@code job} while holding the lock {@code name}, waiting at most {@code maxWait} for it.
     *
     * @return whether the job ran (false: another holder kept the lock for the whole wait)
     */
    boolean runExclusively(String name, Duration maxWait, Runnable job);
}
