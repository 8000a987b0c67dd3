package io.seckill.mq.broker.group;

import java.util.Locale;
import java.util.Optional;

/**
 * The states of a classic consumer group, with the names Kafka reports in DescribeGroups and
 * ListGroups. Transitions: Empty → PreparingRebalance → CompletingRebalance → Stable →
 * PreparingRebalance …; a rebalance that ends without members goes back to Empty; Dead means removed.
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String kafkaName;

    GroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    public String kafkaName() {
        return kafkaName;
    }

    /** The state with this Kafka name, compared case-insensitively as Kafka's ListGroups filter does. */
    public static Optional<GroupState> byKafkaName(String name) {
        for (GroupState state : values()) {
            if (state.kafkaName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
