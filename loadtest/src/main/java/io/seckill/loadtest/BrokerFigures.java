package io.seckill.loadtest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What mq-broker's metrics say about undelivered messages: for each business topic and each service group that must
 * consume it, the records not yet consumed — per partition the group's lag ({@code mq_consumer_lag}), or the whole
 * partition ({@code mq_log_high_watermark}) where the group has committed nothing; half messages still undecided
 * ({@code mq_coordinator_half_pending}); and half or delayed messages given up on since the run began (the
 * {@code dead} counters, as a difference to the reading before the run).
 *
 * @param reachable   false if the metrics could not be read ({@code error} says why); nothing is then known
 * @param undelivered records not consumed per {@code group/topic}, for every pair of {@link #CONSUMERS}
 * @param sawReserved whether the scrape had the log of {@code seckill.reserved} at all (else the names changed)
 */
public record BrokerFigures(boolean reachable, String error, Map<String, Long> undelivered, boolean sawReserved,
                            long halfPending, long deadHalfMessages, long deadDelayedMessages) {

    /**
     * The service groups that must consume every record of each topic (docs/services.md). {@code seckill.sold-out}
     * is left out: a best-effort broadcast read from the log end by one throw-away group per inventory instance.
     */
    public static final Map<String, List<String>> CONSUMERS = Map.of(
            "seckill.reserved", List.of("order-service", "inventory-ledger"),
            "order.payment-timeout", List.of("order-payment-timeouts"),
            "order.cancelled", List.of("inventory-release"),
            "payment.succeeded", List.of("order-payments"),
            "payment.refund-requested", List.of("payment-refunds"));

    static final String LAG = "mq_consumer_lag";
    static final String HIGH_WATERMARK = "mq_log_high_watermark";
    static final String HALF_PENDING = "mq_coordinator_half_pending";
    static final String HALF_MESSAGES = "mq_coordinator_half_messages_total";
    static final String DELAY_MESSAGES = "mq_coordinator_delay_messages_total";

    public static BrokerFigures unreachable(String error) {
        return new BrokerFigures(false, error, Map.of(), false, 0, 0, 0);
    }

    /** The figures of one scrape; {@code before} is the scrape taken before the run (its dead counters), or null. */
    public static BrokerFigures from(List<PrometheusText.Sample> samples, BrokerFigures before) {
        Map<String, Map<String, Long>> highWatermarks = new HashMap<>();
        Map<String, Map<String, Long>> lags = new HashMap<>();
        long pending = 0;
        long deadHalf = 0;
        long deadDelayed = 0;
        for (PrometheusText.Sample s : samples) {
            switch (s.name()) {
                case HIGH_WATERMARK -> highWatermarks.computeIfAbsent(s.label("topic"), t -> new HashMap<>())
                        .put(s.label("partition"), (long) s.value());
                case LAG -> lags.computeIfAbsent(s.label("group") + "/" + s.label("topic"), k -> new HashMap<>())
                        .put(s.label("partition"), (long) s.value());
                case HALF_PENDING -> pending += (long) s.value();
                case HALF_MESSAGES -> deadHalf += "dead".equals(s.label("outcome")) ? (long) s.value() : 0;
                case DELAY_MESSAGES -> deadDelayed += "dead".equals(s.label("event")) ? (long) s.value() : 0;
                default -> {
                }
            }
        }
        Map<String, Long> undelivered = new TreeMap<>();
        CONSUMERS.forEach((topic, groups) -> {
            Map<String, Long> partitions = highWatermarks.getOrDefault(topic, Map.of());
            for (String group : groups) {
                Map<String, Long> lag = lags.getOrDefault(group + "/" + topic, Map.of());
                long sum = 0;
                for (Map.Entry<String, Long> partition : partitions.entrySet()) {
                    sum += lag.getOrDefault(partition.getKey(), partition.getValue());
                }
                undelivered.put(group + "/" + topic, sum);
            }
        });
        long baseHalf = before == null ? 0 : before.deadHalfMessages();
        long baseDelayed = before == null ? 0 : before.deadDelayedMessages();
        return new BrokerFigures(true, null, undelivered, highWatermarks.containsKey("seckill.reserved"), pending,
                deadHalf - baseHalf, deadDelayed - baseDelayed);
    }

    /** Records not consumed, over every checked group and topic. */
    public long totalUndelivered() {
        return undelivered.values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when nothing is waiting: every group caught up, no half message undecided. */
    public boolean quiet() {
        return reachable && totalUndelivered() == 0 && halfPending == 0;
    }
}
