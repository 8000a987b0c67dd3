package io.seckill.compat.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.consumer.ConsumedMessageTable;
import io.seckill.mq.client.consumer.ConsumptionFailedException;
import io.seckill.mq.client.consumer.IdempotentConsumer;
import io.seckill.mq.client.consumer.SpringIdempotentConsumer;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mybatis.spring.SqlSessionFactoryBean;
import org.mybatis.spring.SqlSessionTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * mq-client's idempotent consumers against a real MariaDB: under redelivery, concurrent delivery and failing work, the
 * business writes of a message are applied exactly once. Each test works in its own schema.
 */
class IdempotentConsumerIT {

    @RegisterExtension
    static final MariaDbExtension mariaDb = new MariaDbExtension();

    private static final String GROUP = "order-service";
    private static final int ACCOUNTS = 10;
    private static final int MESSAGES = 500;
    private static final int THREADS = 8;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConsumedMessageTable table = new ConsumedMessageTable();
    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactionManager;
    private StockMapper stockMapper;

    @BeforeEach
    void createSchema() throws Exception {
        dataSource = mariaDb.newSchema("idempotent");
        table.createTable(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE stock (sku VARCHAR(50) PRIMARY KEY, reserved INT NOT NULL) ENGINE = InnoDB");
        jdbc.execute("CREATE TABLE reservation_log (message_id VARCHAR(200) PRIMARY KEY, sku VARCHAR(50) NOT NULL)"
                + " ENGINE = InnoDB");
        jdbc.execute("CREATE TABLE account (id INT PRIMARY KEY, balance BIGINT NOT NULL) ENGINE = InnoDB");
        jdbc.update("INSERT INTO stock VALUES ('sku-1', 0)");
        for (int account = 0; account < ACCOUNTS; account++) {
            jdbc.update("INSERT INTO account VALUES (?, 0)", account);
        }
        transactionManager = new DataSourceTransactionManager(dataSource);
        stockMapper = myBatisMapper(dataSource);
    }

    @Test
    void plainJdbcRedeliveryChangesBusinessStateOnceAndCountsTheDuplicates() {
        IdempotentConsumer consumer = new IdempotentConsumer(dataSource, table, meters);
        ConsumerRecord<String, String> delivery = record(41, "msg-1");
        ConsumerRecord<String, String> redeliveryAfterRebalance = record(57, "msg-1");

        boolean first = consumer.consumeOnce(GROUP, delivery, this::reserveOne);
        boolean second = consumer.consumeOnce(GROUP, delivery, this::reserveOne);
        boolean third = consumer.consumeOnce(GROUP, redeliveryAfterRebalance, this::reserveOne);

        assertThat(List.of(first, second, third)).containsExactly(true, false, false);
        assertThat(reserved()).isEqualTo(1);
        assertThat(markers()).isEqualTo(1);
        assertThat(count("processed")).isEqualTo(1);
        assertThat(count("duplicate")).isEqualTo(2);
    }

    @Test
    void springRedeliveryAppliesJdbcTemplateAndMyBatisWritesOnceInTheMarkersTransaction() {
        SpringIdempotentConsumer consumer =
                new SpringIdempotentConsumer(dataSource, transactionManager, table, meters);
        List<Boolean> outcomes = new ArrayList<>();

        for (int delivery = 0; delivery < 3; delivery++) {
            outcomes.add(consumer.consumeOnce(GROUP, "msg-1", () -> {
                stockMapper.reserve("sku-1", 2);
                jdbc.update("INSERT INTO reservation_log VALUES (?, ?)", "msg-1", "sku-1");
                // The uncommitted marker is visible to MyBatis and JdbcTemplate but not to another connection:
                // all three write in one transaction.
                assertThat(stockMapper.markers(GROUP, "msg-1")).isEqualTo(1);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM consumed_message", Integer.class)).isEqualTo(1);
                assertThat(markersSeenFromAnotherConnection()).isZero();
            }));
        }

        assertThat(outcomes).containsExactly(true, false, false);
        assertThat(reserved()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reservation_log", Integer.class)).isEqualTo(1);
        assertThat(count("processed")).isEqualTo(1);
        assertThat(count("duplicate")).isEqualTo(2);
    }

    @Test
    void plainJdbcWorkThatFailsRollsBackTheMarkerSoALaterDeliveryAppliesIt() {
        IdempotentConsumer consumer = new IdempotentConsumer(dataSource, table, meters);

        assertThatThrownBy(() -> consumer.consumeOnce(GROUP, "msg-1", connection -> {
            reserveOne(connection);
            throw new IOException("downstream unavailable");
        })).isInstanceOf(ConsumptionFailedException.class).hasCauseInstanceOf(IOException.class);
        assertThat(reserved()).isZero();
        assertThat(markers()).isZero();

        assertThat(consumer.consumeOnce(GROUP, "msg-1", this::reserveOne)).isTrue();
        assertThat(consumer.consumeOnce(GROUP, "msg-1", this::reserveOne)).isFalse();
        assertThat(reserved()).isEqualTo(1);
    }

    @Test
    void springWorkThatFailsRollsBackTheMarkerAndAllItsWritesSoALaterDeliveryAppliesThem() {
        SpringIdempotentConsumer consumer =
                new SpringIdempotentConsumer(dataSource, transactionManager, table, meters);
        Runnable reserveAndLog = () -> {
            stockMapper.reserve("sku-1", 1);
            jdbc.update("INSERT INTO reservation_log VALUES (?, ?)", "msg-1", "sku-1");
        };

        assertThatThrownBy(() -> consumer.consumeOnce(GROUP, "msg-1", () -> {
            reserveAndLog.run();
            throw new IllegalStateException("payment service said no");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(reserved()).isZero();
        assertThat(markers()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reservation_log", Integer.class)).isZero();

        assertThat(consumer.consumeOnce(GROUP, "msg-1", reserveAndLog)).isTrue();
        assertThat(consumer.consumeOnce(GROUP, "msg-1", reserveAndLog)).isFalse();
        assertThat(reserved()).isEqualTo(1);
        assertThat(count("processed")).isEqualTo(1);
    }

    @Test
    void springConsumerInsideACallersTransactionRollsBackWithIt() {
        SpringIdempotentConsumer consumer =
                new SpringIdempotentConsumer(dataSource, transactionManager, table, meters);
        TransactionTemplate callersTransaction = new TransactionTemplate(transactionManager);

        assertThatThrownBy(() -> callersTransaction.executeWithoutResult(status -> {
            consumer.consumeOnce(GROUP, "msg-1", () -> stockMapper.reserve("sku-1", 1));
            throw new IllegalStateException("the caller fails after the consumer returned");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(markers()).isZero();
        assertThat(reserved()).isZero();
        assertThat(count("processed")).isZero();
    }

    @Test
    void plainJdbcConcurrentDeliveriesOfTheSameMessagesApplyEachExactlyOnce() throws Exception {
        IdempotentConsumer consumer = new IdempotentConsumer(dataSource, table, meters);

        deliverConcurrently((messageId, amount) -> consumer.consumeOnce(GROUP, messageId, connection -> {
            try (PreparedStatement credit =
                         connection.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
                credit.setLong(1, amount);
                credit.setInt(2, (int) (amount % ACCOUNTS));
                credit.executeUpdate();
            }
        }));

        assertEachMessageAppliedExactlyOnce();
    }

    @Test
    void springConcurrentDeliveriesOfTheSameMessagesApplyEachExactlyOnce() throws Exception {
        SpringIdempotentConsumer consumer =
                new SpringIdempotentConsumer(dataSource, transactionManager, table, meters);

        deliverConcurrently((messageId, amount) -> consumer.consumeOnce(GROUP, messageId, () ->
                jdbc.update("UPDATE account SET balance = balance + ? WHERE id = ?", amount, amount % ACCOUNTS)));

        assertEachMessageAppliedExactlyOnce();
    }

    @Test
    void messageIdsThatDifferOnlyInCaseAreDifferentMessages() {
        IdempotentConsumer consumer = new IdempotentConsumer(dataSource, table, meters);

        // The fallback id of a record without an id header is topic-partition@offset, and Kafka topic names are
        // case-sensitive: "Orders" and "orders" are two topics.
        assertThat(consumer.consumeOnce(GROUP, "Orders-0@5", this::reserveOne)).isTrue();
        assertThat(consumer.consumeOnce(GROUP, "orders-0@5", this::reserveOne)).isTrue();
        assertThat(reserved()).isEqualTo(2);
    }

    /** A delivery of message {@code msg-<n>}, whose business effect is to credit {@code amount = n + 1}. */
    private interface Delivery {
        void deliver(String messageId, long amount) throws Exception;
    }

    /**
     * Every thread delivers every message, all in the same order and released together, so most deliveries of a
     * message overlap with other deliveries of it and wait on its marker row.
     */
    private static void deliverConcurrently(Delivery delivery) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<?>> running = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                running.add(threads.submit(() -> {
                    start.await();
                    for (int message = 0; message < MESSAGES; message++) {
                        delivery.deliver("msg-" + message, message + 1);
                    }
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get(3, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void assertEachMessageAppliedExactlyOnce() {
        long expectedTotal = (long) MESSAGES * (MESSAGES + 1) / 2;
        assertThat(jdbc.queryForObject("SELECT SUM(balance) FROM account", Long.class)).isEqualTo(expectedTotal);
        for (int account = 0; account < ACCOUNTS; account++) {
            long expected = 0;
            for (long amount = 1; amount <= MESSAGES; amount++) {
                expected += amount % ACCOUNTS == account ? amount : 0;
            }
            assertThat(jdbc.queryForObject("SELECT balance FROM account WHERE id = ?", Long.class, account))
                    .as("balance of account %d", account).isEqualTo(expected);
        }
        assertThat(markers()).isEqualTo(MESSAGES);
        assertThat(count("processed")).isEqualTo(MESSAGES);
        assertThat(count("duplicate")).isEqualTo((double) MESSAGES * (THREADS - 1));
    }

    private void reserveOne(Connection connection) throws SQLException {
        try (PreparedStatement reserve =
                     connection.prepareStatement("UPDATE stock SET reserved = reserved + 1 WHERE sku = 'sku-1'")) {
            reserve.executeUpdate();
        }
    }

    private int reserved() {
        return jdbc.queryForObject("SELECT reserved FROM stock WHERE sku = 'sku-1'", Integer.class);
    }

    private int markers() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM consumed_message", Integer.class);
    }

    /** Reads on a connection of its own, outside any Spring transaction. */
    private int markersSeenFromAnotherConnection() {
        try (Connection other = dataSource.getConnection();
             ResultSet rows = other.createStatement().executeQuery("SELECT COUNT(*) FROM consumed_message")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private double count(String outcome) {
        Counter counter = meters.find("mq.consumer.messages").tag("group", GROUP).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static ConsumerRecord<String, String> record(long offset, String messageId) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 0, offset, "order-7", "{}");
        record.headers().add(MqContract.Headers.MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** MyBatis wired the way mybatis-spring does it in a Boot application, minus Boot. */
    private static StockMapper myBatisMapper(DataSource dataSource) throws Exception {
        SqlSessionFactoryBean factoryBean = new SqlSessionFactoryBean();
        factoryBean.setDataSource(dataSource);
        SqlSessionFactory sessionFactory = factoryBean.getObject();
        sessionFactory.getConfiguration().addMapper(StockMapper.class);
        return new SqlSessionTemplate(sessionFactory).getMapper(StockMapper.class);
    }
}
