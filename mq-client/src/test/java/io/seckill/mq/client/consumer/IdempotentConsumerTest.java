package io.seckill.mq.client.consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.mq.client.MqContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotentConsumerTest {

    private final FakeDatabase db = new FakeDatabase();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IdempotentConsumer consumer =
            new IdempotentConsumer(db.dataSource(), new ConsumedMessageTable(), meters);

    @Test
    void aRedeliveredMessageIsAppliedOnceAndCountedAsDuplicate() {
        boolean first = consumer.consumeOnce("orders", "m1", c -> c.prepareStatement("UPDATE stock").executeUpdate());
        boolean second = consumer.consumeOnce("orders", "m1", c -> c.prepareStatement("UPDATE stock").executeUpdate());

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(db.committedWrites).containsExactly("UPDATE stock");
        assertThat(count("orders", "processed")).isEqualTo(1);
        assertThat(count("orders", "duplicate")).isEqualTo(1);
        assertThat(db.openConnections()).isZero();
    }

    @Test
    void eachConsumerGroupConsumesTheMessageOnce() {
        assertThat(consumer.consumeOnce("orders", "m1", c -> { })).isTrue();
        assertThat(consumer.consumeOnce("audit", "m1", c -> { })).isTrue();
        assertThat(count("audit", "processed")).isEqualTo(1);
    }

    @Test
    void aFailingWorkRollsBackTheMarkerSoTheNextDeliveryAppliesIt() {
        assertThatThrownBy(() -> consumer.consumeOnce("orders", "m1", c -> {
            c.prepareStatement("UPDATE stock").executeUpdate();
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(db.committedMarkers).isEmpty();
        assertThat(db.committedWrites).isEmpty();
        assertThat(consumer.consumeOnce("orders", "m1", c -> c.prepareStatement("UPDATE stock").executeUpdate()))
                .isTrue();
        assertThat(db.committedWrites).containsExactly("UPDATE stock");
        assertThat(count("orders", "processed")).isEqualTo(1);
        assertThat(db.openConnections()).isZero();
    }

    @Test
    void checkedExceptionsOfTheWorkComeWrappedWithTheMessageId() {
        IOException cause = new IOException("disk");

        assertThatThrownBy(() -> consumer.consumeOnce("orders", "m1", c -> {
            throw cause;
        })).isInstanceOfSatisfying(ConsumptionFailedException.class, e -> {
            assertThat(e.getCause()).isSameAs(cause);
            assertThat(e.consumerGroup()).isEqualTo("orders");
            assertThat(e.messageId()).isEqualTo("m1");
        });
        assertThat(db.committedMarkers).isEmpty();
    }

    @Test
    void aDatabaseErrorWhileMarkingRunsNoWork() {
        db.nextInsertError = new SQLException("Lock wait timeout exceeded", "HY000", 1205);
        boolean[] ran = {false};

        assertThatThrownBy(() -> consumer.consumeOnce("orders", "m1", c -> ran[0] = true))
                .isInstanceOf(ConsumptionFailedException.class)
                .hasRootCauseMessage("Lock wait timeout exceeded");
        assertThat(ran[0]).isFalse();
        assertThat(db.openConnections()).isZero();
    }

    @Test
    void theConnectionIsHandedBackInAutoCommitModeWhateverTheOutcome() {
        consumer.consumeOnce("orders", "m1", c -> assertThat(c.getAutoCommit()).isFalse());
        consumer.consumeOnce("orders", "m1", c -> { });
        assertThatThrownBy(() -> consumer.consumeOnce("orders", "m2", c -> {
            throw new IllegalStateException("boom");
        }));

        assertThat(db.opened).isEqualTo(3);
        assertThat(db.closedInManualCommitMode).isZero();
        assertThat(db.committedMarkers).hasSize(1);
    }

    @Test
    void aRecordIsIdentifiedByItsMessageIdHeader() {
        ConsumerRecord<String, String> delivery = record(7, "id-42");
        ConsumerRecord<String, String> redeliveryAtAnotherOffset = record(9, "id-42");

        assertThat(consumer.consumeOnce("orders", delivery, c -> { })).isTrue();
        assertThat(consumer.consumeOnce("orders", redeliveryAtAnotherOffset, c -> { })).isFalse();
    }

    @Test
    void invalidKeysAreRejectedWithoutAConnection() {
        assertThatThrownBy(() -> consumer.consumeOnce("", "m1", c -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> consumer.consumeOnce("orders", "m".repeat(201), c -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(db.opened).isZero();
    }

    private static ConsumerRecord<String, String> record(long offset, String messageId) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 0, offset, "k", "v");
        record.headers().add(MqContract.Headers.MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private double count(String group, String outcome) {
        var counter = meters.find("mq.consumer.messages").tag("group", group).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
