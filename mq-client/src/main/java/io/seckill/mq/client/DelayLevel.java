package io.seckill.mq.client;

import java.time.Duration;

/** RocketMQ's 18 delay levels, as aliases for fixed delays: level 1 is 1 s, level 18 is 2 h. */
public enum DelayLevel {
    LEVEL_1(Duration.ofSeconds(1)), LEVEL_2(Duration.ofSeconds(5)), LEVEL_3(Duration.ofSeconds(10)),
    LEVEL_4(Duration.ofSeconds(30)), LEVEL_5(Duration.ofMinutes(1)), LEVEL_6(Duration.ofMinutes(2)),
    LEVEL_7(Duration.ofMinutes(3)), LEVEL_8(Duration.ofMinutes(4)), LEVEL_9(Duration.ofMinutes(5)),
    LEVEL_10(Duration.ofMinutes(6)), LEVEL_11(Duration.ofMinutes(7)), LEVEL_12(Duration.ofMinutes(8)),
    LEVEL_13(Duration.ofMinutes(9)), LEVEL_14(Duration.ofMinutes(10)), LEVEL_15(Duration.ofMinutes(20)),
    LEVEL_16(Duration.ofMinutes(30)), LEVEL_17(Duration.ofHours(1)), LEVEL_18(Duration.ofHours(2));

    private final Duration delay;

    DelayLevel(Duration delay) {
        this.delay = delay;
    }

    public Duration delay() {
        return delay;
    }

    /** Level {@code n} as RocketMQ numbers them, 1 to 18. */
    public static DelayLevel of(int level) {
        if (level < 1 || level > values().length) {
            throw new IllegalArgumentException("delay level must be 1-18 (RocketMQ's levels), got " + level);
        }
        return values()[level - 1];
    }
}
