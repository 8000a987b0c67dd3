package io.seckill.loadtest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerFiguresTest {

    /** Lines as mq-broker's /metrics writes them (Micrometer's Prometheus format). */
    private static final String SCRAPE = """
            # HELP mq_consumer_lag High watermark minus the group's committed offset
            # TYPE mq_consumer_lag gauge
            mq_consumer_lag{group="order-service",partition="0",topic="seckill.reserved"} 0.0
            mq_consumer_lag{group="order-service",partition="1",topic="seckill.reserved"} 0.0
            mq_consumer_lag{group="inventory-ledger",partition="0",topic="seckill.reserved"} 4.0
            mq_consumer_lag{group="inventory-sold-out-0deb",partition="0",topic="seckill.sold-out"} 9.0
            mq_consumer_lag{group="__mq_coordinator_half",partition="0",topic="__mq_half"} 3.0
            mq_log_high_watermark{partition="0",topic="seckill.reserved"} 120.0
            mq_log_high_watermark{partition="1",topic="seckill.reserved"} 80.0
            mq_log_high_watermark{partition="0",topic="order.cancelled"} 7.0
            mq_log_high_watermark{partition="0",topic="payment.succeeded"} 0.0
            mq_log_high_watermark{partition="0",topic="seckill.sold-out"} 9.0
            mq_coordinator_half_pending 2.0
            mq_coordinator_half_messages_total{outcome="dead"} 5.0
            mq_coordinator_half_messages_total{outcome="committed"} 300.0
            mq_coordinator_delay_messages_total{event="dead"} 1.0
            mq_coordinator_delay_messages_total{event="delivered"} 100.0
            """;

    @Test
    void unconsumedRecordsCountTheLagOrTheWholePartitionWhereAGroupCommittedNothing() {
        BrokerFigures figures = BrokerFigures.from(PrometheusText.parse(SCRAPE), null);

        assertThat(figures.undelivered())
                .containsEntry("order-service/seckill.reserved", 0L)
                // partition 0 lags 4; partition 1 has no commit of this group: all 80 records are unconsumed
                .containsEntry("inventory-ledger/seckill.reserved", 84L)
                .containsEntry("inventory-release/order.cancelled", 7L)
                .containsEntry("order-payments/payment.succeeded", 0L)
                .containsEntry("order-payment-timeouts/order.payment-timeout", 0L)
                .doesNotContainKey("inventory-sold-out-0deb/seckill.sold-out");
        assertThat(figures.totalUndelivered()).isEqualTo(91);
        assertThat(figures.sawReserved()).isTrue();
        assertThat(figures.halfPending()).isEqualTo(2);
        assertThat(figures.quiet()).isFalse();
    }

    @Test
    void deadMessagesCountOnlySinceTheReadingBeforeTheRun() {
        BrokerFigures before = BrokerFigures.from(PrometheusText.parse(SCRAPE), null);
        BrokerFigures after = BrokerFigures.from(PrometheusText.parse(SCRAPE
                .replace("outcome=\"dead\"} 5.0", "outcome=\"dead\"} 6.0")), before);

        assertThat(before.deadHalfMessages()).isEqualTo(5);
        assertThat(before.deadDelayedMessages()).isEqualTo(1);
        assertThat(after.deadHalfMessages()).isEqualTo(1);
        assertThat(after.deadDelayedMessages()).isZero();
    }

    @Test
    void aCaughtUpBrokerIsQuiet() {
        String caughtUp = """
                mq_log_high_watermark{partition="0",topic="seckill.reserved"} 10.0
                mq_consumer_lag{group="order-service",partition="0",topic="seckill.reserved"} 0.0
                mq_consumer_lag{group="inventory-ledger",partition="0",topic="seckill.reserved"} 0.0
                mq_coordinator_half_pending 0.0
                """;

        assertThat(BrokerFigures.from(PrometheusText.parse(caughtUp), null).quiet()).isTrue();
        assertThat(BrokerFigures.unreachable("refused").quiet()).isFalse();
    }

    @Test
    void prometheusLinesWithEscapesTimestampsAndOddValuesParse() {
        var samples = PrometheusText.parse("""
                a_metric{l="x\\"y",m="z"} 1.5 1700000000000
                b_metric 2
                c_metric{le="+Inf"} +Inf
                not a sample line
                """);

        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).label("l")).isEqualTo("x\"y");
        assertThat(samples.get(0).value()).isEqualTo(1.5);
        assertThat(samples.get(1).name()).isEqualTo("b_metric");
    }
}
