package io.seckill.mq.client.consumer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A single-threaded stand-in for MySQL, just big enough for the consumers: connections with auto-commit, commit and
 * rollback; an INSERT into the marker table fails with {@link #duplicateKeyError} when the key is committed or pending
 * on the same connection; every other statement is recorded as a "write" that becomes visible on commit. Any JDBC
 * method it does not model throws, so a test notices when the code under test starts relying on more.
 */
final class FakeDatabase {

    final Set<List<String>> committedMarkers = new HashSet<>();
    final List<String> committedWrites = new ArrayList<>();
    Supplier<SQLException> duplicateKeyError =
            () -> new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062);
    SQLException nextInsertError;
    int opened;
    int closed;
    int commits;
    int rollbacks;
    /** Connections closed with auto-commit off: a pool would hand them out in a state callers do not expect. */
    int closedInManualCommitMode;

    DataSource dataSource() {
        return proxy(DataSource.class, (self, method, args) -> switch (method.getName()) {
            case "getConnection" -> newConnection();
            case "toString" -> "FakeDataSource";
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == args[0];
            default -> throw new UnsupportedOperationException("DataSource." + method.getName());
        });
    }

    private Connection newConnection() {
        opened++;
        FakeConnection connection = new FakeConnection();
        return proxy(Connection.class, (self, method, args) -> switch (method.getName()) {
            case "getAutoCommit" -> connection.autoCommit;
            case "setAutoCommit" -> {
                boolean on = (Boolean) args[0];
                if (on && !connection.autoCommit) {
                    connection.commit(); // JDBC: switching auto-commit on commits the open transaction
                }
                connection.autoCommit = on;
                yield null;
            }
            case "commit" -> {
                connection.commit();
                yield null;
            }
            case "rollback" -> {
                connection.rollback();
                yield null;
            }
            case "close" -> {
                if (!connection.closed) {
                    connection.closed = true;
                    if (!connection.autoCommit) {
                        closedInManualCommitMode++;
                    }
                    connection.rollback();
                    closed++;
                }
                yield null;
            }
            case "isClosed" -> connection.closed;
            case "prepareStatement" -> connection.prepare((String) args[0]);
            case "createStatement" -> connection.createStatement();
            case "toString" -> "FakeConnection";
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == args[0];
            default -> throw new UnsupportedOperationException("Connection." + method.getName());
        });
    }

    int openConnections() {
        return opened - closed;
    }

    private final class FakeConnection {
        boolean autoCommit = true;
        boolean closed;
        final Set<List<String>> pendingMarkers = new HashSet<>();
        final List<String> pendingWrites = new ArrayList<>();

        void commit() {
            committedMarkers.addAll(pendingMarkers);
            committedWrites.addAll(pendingWrites);
            pendingMarkers.clear();
            pendingWrites.clear();
            commits++;
        }

        void rollback() {
            pendingMarkers.clear();
            pendingWrites.clear();
            rollbacks++;
        }

        PreparedStatement prepare(String sql) {
            List<Object> parameters = new ArrayList<>();
            return proxy(PreparedStatement.class, (self, method, args) -> switch (method.getName()) {
                case "setString" -> {
                    int index = (Integer) args[0];
                    while (parameters.size() < index) {
                        parameters.add(null);
                    }
                    parameters.set(index - 1, args[1]);
                    yield null;
                }
                case "executeUpdate" -> execute(sql, parameters);
                case "close" -> null;
                default -> throw new UnsupportedOperationException("PreparedStatement." + method.getName());
            });
        }

        Statement createStatement() {
            return proxy(Statement.class, (self, method, args) -> switch (method.getName()) {
                case "execute" -> {
                    execute((String) args[0], List.of());
                    yield false;
                }
                case "close" -> null;
                default -> throw new UnsupportedOperationException("Statement." + method.getName());
            });
        }

        int execute(String sql, List<Object> parameters) throws SQLException {
            if (sql.startsWith("INSERT INTO")) {
                if (nextInsertError != null) {
                    SQLException error = nextInsertError;
                    nextInsertError = null;
                    throw error;
                }
                List<String> key = List.of((String) parameters.get(0), (String) parameters.get(1));
                if (committedMarkers.contains(key) || pendingMarkers.contains(key)) {
                    throw duplicateKeyError.get();
                }
                pendingMarkers.add(key);
            } else {
                pendingWrites.add(sql + (parameters.isEmpty() ? "" : " " + parameters));
            }
            if (autoCommit) {
                commit();
            }
            return 1;
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(FakeDatabase.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
