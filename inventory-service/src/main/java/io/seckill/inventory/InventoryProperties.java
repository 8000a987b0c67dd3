package io.seckill.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Objects;

/**
 * The inventory service's settings under {@code seckill.*}; defaults are documented in {@code application.yml}.
 *
 * @param internal how the service recognises the gateway
 * @param warmUp   when and how Redis is loaded before a sale
 * @param soldOut  how long this instance remembers that an activity sold out
 * @param ledger         how the {@code seckill.reserved} ledger consumer runs
 * @param release        how the {@code order.cancelled} consumer runs
 * @param reconciliation when the hot stock is compared with the ledger
 */
@ConfigurationProperties(prefix = "seckill")
public record InventoryProperties(@DefaultValue Internal internal, @DefaultValue WarmUp warmUp,
                                  @DefaultValue SoldOut soldOut, @DefaultValue Ledger ledger,
                                  @DefaultValue Release release, @DefaultValue Reconciliation reconciliation) {

    /**
     * @param secret the shared secret the gateway sends in {@code X-Internal-Auth}; non-blank
     */
    public record Internal(String secret) {
        public Internal {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("seckill.internal.secret must be set (SECKILL_INTERNAL_SECRET)");
            }
        }
    }

    /**
     * @param interval how often the automatic warm-up looks for activities about to start; positive
     * @param leadTime how long before {@code startsAt} an activity is warmed; positive
     * @param lockWait how long an admin's warm-up waits for a warm-up of the same activity elsewhere
     */
    public record WarmUp(@DefaultValue("PT5S") Duration interval, @DefaultValue("PT5M") Duration leadTime,
                         @DefaultValue("PT5S") Duration lockWait) {
        public WarmUp {
            requirePositive("seckill.warm-up.interval", interval);
            requirePositive("seckill.warm-up.lead-time", leadTime);
            Objects.requireNonNull(lockWait, "seckill.warm-up.lock-wait");
            if (lockWait.isNegative()) {
                throw new IllegalArgumentException("seckill.warm-up.lock-wait must not be negative: " + lockWait);
            }
        }

        private static void requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
        }
    }

    /**
     * @param recheckAfter how long a seckill of a sold-out activity is refused from memory before Redis is asked
     *                     again (a cancelled order may have returned a unit); positive
     * @param group        this instance's own consumer group for the other instances' sold-out announcements
     *                     (unique per process: every instance must read every announcement); non-blank
     */
    public record SoldOut(@DefaultValue("PT1S") Duration recheckAfter, String group) {
        public SoldOut {
            WarmUp.requirePositive("seckill.sold-out.recheck-after", recheckAfter);
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("seckill.sold-out.group must be set");
            }
        }
    }

    /**
     * @param concurrency consumer threads of the {@code order.cancelled} release on this instance; at least 1
     */
    public record Release(@DefaultValue("3") int concurrency) {
        public Release {
            if (concurrency < 1) {
                throw new IllegalArgumentException("seckill.release.concurrency must be at least 1: " + concurrency);
            }
        }
    }

    /**
     * @param interval how often the hot stock of running activities is compared with the ledger; positive
     * @param afterEnd how long after its end an activity is still compared (its cancellations keep coming); not
     *                 negative
     * @param orphanAfter how old a reservation only Redis holds must be to be released as an orphan (its message was
     *                    rolled back); longer than a half message can stay undecided (15 checks × 30 s by default)
     */
    public record Reconciliation(@DefaultValue("PT30S") Duration interval, @DefaultValue("PT1H") Duration afterEnd,
                                 @DefaultValue("PT15M") Duration orphanAfter) {
        public Reconciliation {
            WarmUp.requirePositive("seckill.reconciliation.interval", interval);
            WarmUp.requirePositive("seckill.reconciliation.orphan-after", orphanAfter);
            Objects.requireNonNull(afterEnd, "seckill.reconciliation.after-end");
            if (afterEnd.isNegative()) {
                throw new IllegalArgumentException("seckill.reconciliation.after-end must not be negative: " + afterEnd);
            }
        }
    }

    /**
     * @param concurrency   consumer threads of the ledger on this instance (more than the topic's partitions idle);
     *                      at least 1
     * @param retryInterval how long a failed ledger batch waits before it is retried; positive
     */
    public record Ledger(@DefaultValue("3") int concurrency, @DefaultValue("PT1S") Duration retryInterval) {
        public Ledger {
            if (concurrency < 1) {
                throw new IllegalArgumentException("seckill.ledger.concurrency must be at least 1: " + concurrency);
            }
            WarmUp.requirePositive("seckill.ledger.retry-interval", retryInterval);
        }
    }
}
