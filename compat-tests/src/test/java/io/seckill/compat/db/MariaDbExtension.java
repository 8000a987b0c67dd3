package io.seckill.compat.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One real MariaDB for the whole test JVM, shared by every class that registers this extension in a static
 * {@code @RegisterExtension} field; tests isolate by {@link #newSchema(String) unique schema names}, so classes run in
 * any order or in parallel.
 *
 * <p>The server lives in the root extension store: the first class starts it, and JUnit closes it when the whole run
 * ends. The pools of a class are closed after that class. Thread-safe.
 */
public final class MariaDbExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MariaDbExtension.class);
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final AtomicLong SCHEMAS = new AtomicLong();

    /** Enough for the concurrency tests (8 delivering threads) with room for a transaction held open on the side. */
    private static final int MAX_POOL_SIZE = 16;

    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
    private volatile MariaDbServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(MariaDbServer.class, key -> MariaDbServer.start(), MariaDbServer.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        pools.forEach(HikariDataSource::close);
        pools.clear();
    }

    /**
     * A pooled {@link DataSource} (user root) on a new, empty schema named {@code prefix_<n>_<random>}; closed after
     * the test class.
     *
     * @param prefix lower-case letters, digits and underscores, starting with a letter, at most 40 characters
     */
    public DataSource newSchema(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("schema prefix must match " + PREFIX + ", got '" + prefix + "'");
        }
        MariaDbServer running = server;
        if (running == null) {
            throw new IllegalStateException("MariaDB starts in beforeAll: register this extension in a static field");
        }
        String schema = prefix + "_" + SCHEMAS.incrementAndGet() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        HikariConfig config = new HikariConfig();
        config.setPoolName(schema);
        config.setJdbcUrl(running.jdbcUrl(schema));
        config.setUsername("root");
        config.setPassword("");
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setMinimumIdle(1); // connections open on demand: a test class may create several schemas
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }
}
