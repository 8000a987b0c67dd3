package io.seckill.mq.client.consumer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The marker table of idempotent consumers: a row {@code (consumer_group, message_id)} exists exactly when that group
 * has committed the processing of that message.
 *
 * <p>The DDL has one source of truth, the classpath resource {@value #DDL_RESOURCE} (MySQL/MariaDB), which services
 * copy into their Flyway migrations; {@link #createTableSql()} reads it and substitutes the table name.
 *
 * <p>Immutable and thread-safe; each call works on the connection it is given.
 */
public final class ConsumedMessageTable {

    /** The table name used when none is given. */
    public static final String DEFAULT_NAME = "consumed_message";

    /** Classpath location of the table's DDL, written for {@link #DEFAULT_NAME}. */
    public static final String DDL_RESOURCE = "mq-client/consumed_message.sql";

    /** Length of the key columns: longer keys would be rejected (strict mode) or, worse, silently truncated. */
    public static final int MAX_KEY_LENGTH = 200;

    /** A plain SQL identifier, unquoted, within MySQL's 64-character limit: safe to splice into SQL text. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private static final Pattern CREATE_DEFAULT_TABLE =
            Pattern.compile("^(CREATE TABLE IF NOT EXISTS )" + DEFAULT_NAME + "\\b", Pattern.CASE_INSENSITIVE);

    private static final String DEFAULT_DDL = readDefaultDdl();

    private final String name;
    private final String createTableSql;
    private final String insertSql;

    /** The table called {@link #DEFAULT_NAME}. */
    public ConsumedMessageTable() {
        this(DEFAULT_NAME);
    }

    /** The table called {@code name}, which must be a plain identifier ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 64). */
    public ConsumedMessageTable(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "table name must match [A-Za-z_][A-Za-z0-9_]{0,63}, got '" + name + "'");
        }
        this.name = name;
        this.createTableSql = ddlFor(name);
        // The timestamp comes from the database so that rows of all consumers share one clock.
        this.insertSql = "INSERT INTO " + name
                + " (consumer_group, message_id, consumed_at) VALUES (?, ?, CURRENT_TIMESTAMP(3))";
    }

    public String name() {
        return name;
    }

    /** The {@code CREATE TABLE IF NOT EXISTS} statement for this table, without comments or trailing semicolon. */
    public String createTableSql() {
        return createTableSql;
    }

    /** Creates the table if it does not exist (for tests and services without migrations). */
    public void createTable(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(createTableSql());
            // DDL commits implicitly on MySQL; a connection left in manual-commit mode by a pool still needs this.
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    /**
     * Inserts the marker row on {@code connection}, inside whatever transaction it has open.
     *
     * @return true if the row was inserted, false if it already existed (the message was consumed before, or a
     *     concurrent transaction holding the same row committed first: InnoDB makes the second insert wait for it)
     * @throws SQLException any other failure; on MySQL/MariaDB a duplicate key does not abort the transaction, other
     *     errors may
     */
    public boolean markConsumed(Connection connection, String consumerGroup, String messageId) throws SQLException {
        requireValidKey("consumer group", consumerGroup);
        requireValidKey("message id", messageId);
        try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
            insert.setString(1, consumerGroup);
            insert.setString(2, messageId);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * True for an integrity-constraint violation. The marker table has no other constraint than its primary key,
     * and {@link #markConsumed} never inserts nulls, so on this table it can only mean a duplicate key.
     */
    static boolean isDuplicateKey(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLIntegrityConstraintViolationException || (state != null && state.startsWith("23"));
    }

    /** Rejects what the key columns cannot hold exactly; shared by both consumers to fail before any connection. */
    static String requireValidKey(String what, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be 1-" + MAX_KEY_LENGTH
                    + " characters and not blank, got '" + value + "'");
        }
        return value;
    }

    private static String ddlFor(String tableName) {
        Matcher matcher = CREATE_DEFAULT_TABLE.matcher(DEFAULT_DDL);
        if (!matcher.find()) {
            throw new IllegalStateException(DDL_RESOURCE + " does not start with CREATE TABLE IF NOT EXISTS "
                    + DEFAULT_NAME);
        }
        return matcher.replaceFirst("$1" + tableName);
    }

    private static String readDefaultDdl() {
        try (InputStream in = ConsumedMessageTable.class.getClassLoader().getResourceAsStream(DDL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + DDL_RESOURCE + " is missing");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String statement = text.lines()
                    .filter(line -> !line.stripLeading().startsWith("--"))
                    .collect(Collectors.joining("\n"))
                    .strip();
            return statement.endsWith(";") ? statement.substring(0, statement.length() - 1).strip() : statement;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DDL_RESOURCE, e);
        }
    }

    @Override
    public String toString() {
        return "ConsumedMessageTable[" + name + "]";
    }
}
