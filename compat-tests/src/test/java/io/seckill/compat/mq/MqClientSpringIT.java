package io.seckill.compat.mq;

import io.seckill.compat.db.MariaDbExtension;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.consumer.SpringIdempotentConsumer;
import io.seckill.mq.client.txn.HalfMessageOptions;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mq-client's Spring Boot auto-configuration in an application against mq-broker and MariaDB: the local transaction
 * is a database transaction, the check-back handler answers from the database, and the consumer applies a message
 * once however often it is delivered.
 */
class MqClientSpringIT {

    @RegisterExtension
    static final MariaDbExtension mariaDb = new MariaDbExtension();

    private static CoordinatedCluster cluster;
    private static ConfigurableApplicationContext context;
    private static DataSource dataSource;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OrderApplication {

        @Bean
        DataSource dataSource() {
            return dataSource;
        }

        @Bean
        DataSourceTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        /** An order's message commits if and only if the order row exists. */
        @Bean
        TransactionChecker orderChecker(JdbcTemplate jdbc) {
            return half -> jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE order_id = ?", Integer.class,
                    half.transactionId()) > 0 ? TransactionState.COMMIT : TransactionState.ROLLBACK;
        }
    }

    @BeforeAll
    static void start() {
        cluster = InProcessMqBrokerCluster.start();
        dataSource = mariaDb.newSchema("orders");
        new JdbcTemplate(dataSource).execute("CREATE TABLE orders (order_id VARCHAR(64) PRIMARY KEY)");
        new JdbcTemplate(dataSource).execute("CREATE TABLE order_stats (id INT PRIMARY KEY, created BIGINT NOT NULL)");
        new JdbcTemplate(dataSource).execute("INSERT INTO order_stats VALUES (1, 0)");
        // As arguments: they must win over the test classpath's application.yml (default properties would not).
        context = new SpringApplicationBuilder(OrderApplication.class).web(WebApplicationType.NONE)
                .run("--spring.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                        "--mq.client.producer-group=" + TestClients.uniqueName("order-service"));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        cluster.close();
    }

    @Test
    @Timeout(60)
    void orderRowAndItsMessageCommitTogetherAndTheConsumerAppliesItOnce() {
        String topic = TestClients.uniqueName("order-created");
        TestClients.createTopic(cluster.bootstrapServers(), topic, 3);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        TransactionTemplate transactions = new TransactionTemplate(context.getBean(DataSourceTransactionManager.class));

        context.getBean(TransactionalMessageProducer.class).send(message(topic, "order-1"),
                HalfMessageOptions.DEFAULTS.withTransactionId("order-1"),
                half -> transactions.execute(status -> {
                    jdbc.update("INSERT INTO orders VALUES (?)", half.transactionId());
                    return TransactionState.COMMIT;
                }));

        List<ConsumerRecord<byte[], byte[]>> delivered = TestClients.readUntil(cluster.bootstrapServers(), topic,
                records -> !records.isEmpty(), Duration.ofMillis(500), Duration.ofSeconds(30));
        assertThat(delivered).hasSize(1);
        SpringIdempotentConsumer consumer = context.getBean(SpringIdempotentConsumer.class);
        for (int delivery = 0; delivery < 3; delivery++) {
            consumer.consumeOnce("order-stats", delivered.getFirst(),
                    () -> jdbc.update("UPDATE order_stats SET created = created + 1 WHERE id = 1"));
        }
        assertThat(jdbc.queryForObject("SELECT created FROM order_stats WHERE id = 1", Long.class)).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void aLostDecisionIsSettledByTheApplicationsCheckerFromTheDatabase() {
        String topic = TestClients.uniqueName("order-checked");
        TestClients.createTopic(cluster.bootstrapServers(), topic, 1);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        TransactionalMessageProducer producer = context.getBean(TransactionalMessageProducer.class);

        // Both local transactions end without telling the coordinator, as if the process had died right after.
        producer.send(message(topic, "order-2"), HalfMessageOptions.DEFAULTS.withTransactionId("order-2"), half -> {
            jdbc.update("INSERT INTO orders VALUES (?)", half.transactionId());
            return TransactionState.UNKNOWN;
        });
        producer.send(message(topic, "order-3"), HalfMessageOptions.DEFAULTS.withTransactionId("order-3"),
                half -> TransactionState.UNKNOWN);

        List<ConsumerRecord<byte[], byte[]>> delivered = TestClients.readUntil(cluster.bootstrapServers(), topic,
                records -> !records.isEmpty(), Duration.ofSeconds(3), Duration.ofSeconds(30));
        assertThat(delivered).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("order-2");
    }

    private static ProducerRecord<byte[], byte[]> message(String topic, String orderId) {
        return new ProducerRecord<>(topic, orderId.getBytes(StandardCharsets.UTF_8), orderId.getBytes(StandardCharsets.UTF_8));
    }
}
