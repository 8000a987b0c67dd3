package io.seckill.mq.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One stage of the coordinator's durable timing wheel: a topic whose every record waits exactly {@link #delay()}
 * after it was written (its record timestamp). Because the delay is the same for all its records, each partition
 * is a FIFO ordered by exit time: the coordinator only ever looks at partition heads. A message due in
 * {@code r} milliseconds goes to the longest tier that leaves some slack before {@code r}, then on to the next,
 * until what is left is shorter than the shortest tier and the coordinator holds it in memory for that last
 * moment (at most about a second).
 *
 * @param delay how long a record stays in this tier
 * @param topic the tier's topic
 */
public record DelayTier(Duration delay, String topic) {

    static final List<DelayTier> ALL = List.of(
            tier(Duration.ofSeconds(1), "1s"), tier(Duration.ofSeconds(2), "2s"),
            tier(Duration.ofSeconds(5), "5s"), tier(Duration.ofSeconds(10), "10s"), tier(Duration.ofSeconds(20), "20s"),
            tier(Duration.ofSeconds(30), "30s"), tier(Duration.ofMinutes(1), "1m"), tier(Duration.ofMinutes(2), "2m"),
            tier(Duration.ofMinutes(5), "5m"), tier(Duration.ofMinutes(10), "10m"), tier(Duration.ofMinutes(20), "20m"),
            tier(Duration.ofMinutes(30), "30m"), tier(Duration.ofHours(1), "1h"), tier(Duration.ofHours(2), "2h"),
            tier(Duration.ofHours(6), "6h"), tier(Duration.ofHours(12), "12h"), tier(Duration.ofDays(1), "1d"));

    private static DelayTier tier(Duration delay, String suffix) {
        return new DelayTier(delay, MqContract.Topics.DELAY_TIER_PREFIX + suffix);
    }

    public long delayMs() {
        return delay.toMillis();
    }

    /** The longest tier not longer than {@code remainingMs}, or empty when it is shorter than the shortest tier. */
    public static Optional<DelayTier> longestWithin(long remainingMs) {
        DelayTier best = null;
        for (DelayTier tier : ALL) {
            if (tier.delayMs() <= remainingMs) {
                best = tier;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The tier whose topic is {@code topic}, if it is one. */
    public static Optional<DelayTier> ofTopic(String topic) {
        return ALL.stream().filter(t -> t.topic.equals(topic)).findFirst();
    }

    /** The shortest tier: what remains below it is held in memory by the coordinator. */
    public static DelayTier shortest() {
        return ALL.getFirst();
    }
}
