package io.seckill.launcher;

import io.seckill.common.messaging.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the platform needs before the services start: their schemas and the business topics. Both are idempotent, so
 * a second {@code up} on the same data finds them and moves on.
 */
final class PlatformSetup {

    /** Partitions of every business topic: enough for the services' 3 consumer threads each and a second instance. */
    static final int TOPIC_PARTITIONS = 6;

    private PlatformSetup() {
    }

    /** {@code CREATE DATABASE IF NOT EXISTS} for each service's schema (they would also create it on first connect). */
    static void createSchemas(MysqlEndpoint mysql) {
        try (Connection connection = DriverManager.getConnection(mysql.adminUrl(), mysql.user(), mysql.password());
             Statement statement = connection.createStatement()) {
            for (String schema : MysqlEndpoint.SCHEMAS) {
                statement.execute("CREATE DATABASE IF NOT EXISTS `" + schema + "` CHARACTER SET utf8mb4");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the schemas " + MysqlEndpoint.SCHEMAS + " on "
                    + mysql.serverUrl() + ": " + e.getMessage(), e);
        }
    }

    /** Creates every topic of {@link Topics#ALL} that does not exist yet. */
    static void createTopics(String bootstrapServers) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            for (String topic : Topics.ALL) {
                try {
                    admin.createTopics(java.util.List.of(new NewTopic(topic, TOPIC_PARTITIONS, (short) 1)))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("mq-broker did not create the topics within 30 s", e);
        }
    }
}
