package io.seckill.mq.client.consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transaction semantics against Spring's real {@link DataSourceTransactionManager} over the fake database. */
class SpringIdempotentConsumerTest {

    private final FakeDatabase db = new FakeDatabase();
    private final DataSource dataSource = db.dataSource();
    private final DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SpringIdempotentConsumer consumer =
            new SpringIdempotentConsumer(dataSource, transactionManager, new ConsumedMessageTable(), meters);

    @Test
    void aRedeliveredMessageIsAppliedOnceInTheSameTransactionAsItsMarker() {
        assertThat(consumer.consumeOnce("orders", "m1", () -> write("UPDATE stock"))).isTrue();
        assertThat(consumer.consumeOnce("orders", "m1", () -> write("UPDATE stock"))).isFalse();

        assertThat(db.committedWrites).containsExactly("UPDATE stock");
        assertThat(db.opened).as("marker and work share one connection per delivery").isEqualTo(2);
        assertThat(count("processed")).isEqualTo(1);
        assertThat(count("duplicate")).isEqualTo(1);
    }

    @Test
    void aFailingWorkRollsBackTheMarkerSoTheNextDeliveryAppliesIt() {
        assertThatThrownBy(() -> consumer.consumeOnce("orders", "m1", () -> {
            write("UPDATE stock");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(db.committedMarkers).isEmpty();
        assertThat(consumer.consumeOnce("orders", "m1", () -> write("UPDATE stock"))).isTrue();
        assertThat(db.committedWrites).containsExactly("UPDATE stock");
        assertThat(count("processed")).isEqualTo(1);
    }

    @Test
    void insideACallersTransactionTheMarkerRollsBackWithIt() {
        TransactionTemplate caller = new TransactionTemplate(transactionManager);

        assertThatThrownBy(() -> caller.executeWithoutResult(status -> {
            consumer.consumeOnce("orders", "m1", () -> write("UPDATE stock"));
            throw new IllegalStateException("the caller fails after the consumer returned");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(db.committedMarkers).isEmpty();
        assertThat(count("processed")).as("processed means committed").isZero();
        assertThat(consumer.consumeOnce("orders", "m1", () -> write("UPDATE stock"))).isTrue();
        assertThat(count("processed")).isEqualTo(1);
    }

    @Test
    void aDuplicateDoesNotDoomTheCallersTransaction() {
        consumer.consumeOnce("orders", "m1", () -> { });
        TransactionTemplate caller = new TransactionTemplate(transactionManager);

        caller.executeWithoutResult(status -> {
            assertThat(consumer.consumeOnce("orders", "m1", () -> write("UPDATE stock"))).isFalse();
            write("INSERT_LOG caller's own write");
        });

        assertThat(db.committedWrites).containsExactly("INSERT_LOG caller's own write");
    }

    @Test
    void theResultOfTheWorkIsReturnedUnlessDuplicate() {
        Optional<Integer> first = consumer.consumeOnceAndGet("orders", "m1", () -> 42);
        Optional<Integer> second = consumer.consumeOnceAndGet("orders", "m1", () -> 43);

        assertThat(first).contains(42);
        assertThat(second).isEmpty();
    }

    @Test
    void aDataSourceOutsideTheTransactionManagerIsRefusedBeforeMarking() {
        FakeDatabase otherDb = new FakeDatabase();
        SpringIdempotentConsumer misconfigured = new SpringIdempotentConsumer(otherDb.dataSource(),
                transactionManager, new ConsumedMessageTable(), meters);

        assertThatThrownBy(() -> misconfigured.consumeOnce("orders", "m1", () -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the one its transaction manager manages");
        assertThat(otherDb.committedMarkers).isEmpty();
    }

    private void write(String sql) {
        try {
            DataSourceUtils.getConnection(dataSource).prepareStatement(sql).executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private double count(String outcome) {
        var counter = meters.find("mq.consumer.messages").tag("group", "orders").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
