package io.seckill.mq.client.consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumedMessageTableTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "1table", "consumed-message", "consumed message", "t;DROP TABLE x", "`t`", "s.t"})
    void tableNamesThatAreNotPlainIdentifiersAreRejected(String name) {
        assertThatThrownBy(() -> new ConsumedMessageTable(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullTableNameIsRejected() {
        assertThatThrownBy(() -> new ConsumedMessageTable(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableNamesLongerThanMySqlAllowsAreRejected() {
        assertThat(new ConsumedMessageTable("t".repeat(64)).name()).hasSize(64);
        assertThatThrownBy(() -> new ConsumedMessageTable("t".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"consumed_message", "_t", "OrderConsumed2"})
    void plainIdentifiersAreAccepted(String name) {
        assertThat(new ConsumedMessageTable(name).name()).isEqualTo(name);
    }

    @Test
    void defaultDdlIsTheShippedResourceWithoutCommentsOrSemicolon() throws IOException {
        String resource;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ConsumedMessageTable.DDL_RESOURCE)) {
            assertThat(in).as("classpath resource %s", ConsumedMessageTable.DDL_RESOURCE).isNotNull();
            resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String sql = new ConsumedMessageTable().createTableSql();

        assertThat(sql).startsWith("CREATE TABLE IF NOT EXISTS consumed_message (")
                .doesNotContain("--")
                .doesNotEndWith(";")
                .contains("consumer_group VARCHAR(200) NOT NULL", "message_id     VARCHAR(200) NOT NULL",
                        "consumed_at    TIMESTAMP(3) NOT NULL", "PRIMARY KEY (consumer_group, message_id)");
        assertThat(resource).contains(sql);
    }

    @Test
    void ddlOfACustomTableNamesOnlyTheTable() {
        String sql = new ConsumedMessageTable("order_consumed").createTableSql();

        assertThat(sql).startsWith("CREATE TABLE IF NOT EXISTS order_consumed (")
                .doesNotContain("consumed_message")
                .contains("consumed_at");
    }

    @Test
    void markingTwiceReportsTheSecondAsDuplicate() throws SQLException {
        FakeDatabase db = new FakeDatabase();
        ConsumedMessageTable table = new ConsumedMessageTable();
        try (Connection connection = db.dataSource().getConnection()) {
            assertThat(table.markConsumed(connection, "g", "m1")).isTrue();
            assertThat(table.markConsumed(connection, "g", "m1")).isFalse();
            assertThat(table.markConsumed(connection, "other-group", "m1")).isTrue();
        }
    }

    @Test
    void anySqlStateOfClass23CountsAsDuplicate() throws SQLException {
        FakeDatabase db = new FakeDatabase();
        db.duplicateKeyError = () -> new SQLException("duplicate key value violates unique constraint", "23505");
        ConsumedMessageTable table = new ConsumedMessageTable();
        try (Connection connection = db.dataSource().getConnection()) {
            table.markConsumed(connection, "g", "m1");
            assertThat(table.markConsumed(connection, "g", "m1")).isFalse();
        }
    }

    @Test
    void otherDatabaseErrorsPropagate() throws SQLException {
        FakeDatabase db = new FakeDatabase();
        db.nextInsertError = new SQLException("Deadlock found", "40001", 1213);
        try (Connection connection = db.dataSource().getConnection()) {
            assertThatThrownBy(() -> new ConsumedMessageTable().markConsumed(connection, "g", "m1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Deadlock");
        }
    }

    @Test
    void keysTheColumnsCannotHoldExactlyAreRejectedBeforeTouchingTheDatabase() throws SQLException {
        FakeDatabase db = new FakeDatabase();
        ConsumedMessageTable table = new ConsumedMessageTable();
        try (Connection connection = db.dataSource().getConnection()) {
            assertThatThrownBy(() -> table.markConsumed(connection, "g", "x".repeat(201)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> table.markConsumed(connection, " ", "m"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> table.markConsumed(connection, "g", null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(table.markConsumed(connection, "g", "x".repeat(200))).isTrue();
        }
        assertThat(db.committedMarkers).hasSize(1);
    }
}
