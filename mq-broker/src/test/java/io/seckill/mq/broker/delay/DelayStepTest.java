package io.seckill.mq.broker.delay;

import io.seckill.mq.client.DelayTier;
import io.seckill.mq.client.HeaderValues;
import io.seckill.mq.client.MqContract.Headers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DelayStepTest {

    private static final long MAX_DELAY_MS = Duration.ofDays(7).toMillis();
    private static final DelayTier TIER_10S = DelayTier.ofTopic("__mq_delay_10s").orElseThrow();

    @Test
    void aMessageDueLaterGoesToTheLongestTierThatLeavesSlack() {
        ConsumerRecord<byte[], byte[]> record = delayed(0, 27_300);

        assertThat(DelayStep.of(record, null, MAX_DELAY_MS, 0)).isEqualTo(new DelayStep.Route(DelayTier.ofTopic("__mq_delay_20s").orElseThrow()));
        // 20.1 s left: 20 s would leave less than the slack, so 10 s.
        assertThat(DelayStep.of(delayed(0, 20_100), null, MAX_DELAY_MS, 0)).isEqualTo(new DelayStep.Route(TIER_10S));
    }

    @Test
    void aTierRecordWaitsForItsTierDelay() {
        ConsumerRecord<byte[], byte[]> inTier = delayed(5_000, 60_000);

        assertThat(DelayStep.of(inTier, TIER_10S, MAX_DELAY_MS, 14_999)).isEqualTo(new DelayStep.Wait(15_000));
        assertThat(DelayStep.of(inTier, TIER_10S, MAX_DELAY_MS, 15_000)).isInstanceOf(DelayStep.Route.class);
    }

    @Test
    void theLastStretchIsHeldInMemoryAndDeliveredWhenDue() {
        assertThat(DelayStep.of(delayed(0, 1_200), null, MAX_DELAY_MS, 0))
                .isEqualTo(new DelayStep.Hold("orders", "m1", 1_200));
        assertThat(DelayStep.of(delayed(0, 1_200), null, MAX_DELAY_MS, 1_200))
                .isEqualTo(new DelayStep.Deliver("orders", "m1", 1_200));
        assertThat(DelayStep.of(delayed(0, 1_200), null, MAX_DELAY_MS, 1_199)).isInstanceOf(DelayStep.Hold.class);
    }

    @Test
    void aDelayBeyondTheMaximumIsDead() {
        assertThat(DelayStep.of(delayed(0, MAX_DELAY_MS + 1), null, MAX_DELAY_MS, 0)).isInstanceOf(DelayStep.Dead.class);
        assertThat(DelayStep.of(delayed(0, MAX_DELAY_MS), null, MAX_DELAY_MS, 0)).isInstanceOf(DelayStep.Route.class);
    }

    @Test
    void aRecordWithoutTargetOrDueTimeIsDead() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.MESSAGE_ID, HeaderValues.bytes("m1"));
        assertThat(DelayStep.of(record(0, headers), null, MAX_DELAY_MS, 0)).isInstanceOf(DelayStep.Dead.class);
        headers.add(Headers.TARGET_TOPIC, HeaderValues.bytes("orders"));
        headers.add(Headers.DELIVER_AT, HeaderValues.bytes("soon"));
        assertThat(DelayStep.of(record(0, headers), null, MAX_DELAY_MS, 0)).isInstanceOf(DelayStep.Dead.class);
    }

    @Test
    void noStepEverDeliversEarly() {
        for (long now = 0; now < 40_000; now += 37) {
            DelayStep step = DelayStep.of(delayed(0, 31_000), null, MAX_DELAY_MS, now);
            if (step instanceof DelayStep.Deliver) {
                assertThat(now).isGreaterThanOrEqualTo(31_000);
            }
        }
    }

    private static ConsumerRecord<byte[], byte[]> delayed(long timestampMs, long dueAtMs) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.MESSAGE_ID, HeaderValues.bytes("m1"));
        headers.add(Headers.TARGET_TOPIC, HeaderValues.bytes("orders"));
        headers.add(Headers.DELIVER_AT, HeaderValues.bytes(dueAtMs));
        return record(timestampMs, headers);
    }

    private static ConsumerRecord<byte[], byte[]> record(long timestampMs, RecordHeaders headers) {
        return new ConsumerRecord<>("__mq_delay", 0, 0, timestampMs, TimestampType.CREATE_TIME, -1, -1, null, null, headers,
                Optional.empty());
    }
}
