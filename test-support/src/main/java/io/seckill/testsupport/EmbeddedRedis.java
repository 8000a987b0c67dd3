package io.seckill.testsupport;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The one real redis-server of a test JVM (embedded-redis ships the 6.2 binary), with a Redisson client for it.
 *
 * <p>Started on first use on a free port and stopped by a JVM shutdown hook rather than by a JUnit store: jqwik
 * properties run in their own engine, possibly after Jupiter has closed its stores, and share this server too.
 * Tests isolate by unique activity ids, never by flushing. {@link #stop()}/{@link #start()} are synchronized;
 * tests that use them must not run concurrently with tests that need the server.
 */
public final class EmbeddedRedis {

    private static final int START_ATTEMPTS = 3;

    private final int port;
    private final RedisServer server;
    private final RedissonClient client;

    private EmbeddedRedis(int port, RedisServer server) {
        this.port = port;
        this.server = server;
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + port);
        this.client = Redisson.create(config);
    }

    /** The JVM's server, started on first call. */
    public static EmbeddedRedis shared() {
        return Holder.INSTANCE;
    }

    /** A client shared by all tests of the JVM; do not shut it down. */
    public RedissonClient client() {
        return client;
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Stops the server process (the data goes with it: nothing is persisted). */
    public synchronized void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop redis-server on port " + port, e);
        }
    }

    /** Starts the server again on the same port; Redisson reconnects on its own. */
    public synchronized void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server on port " + port, e);
        }
    }

    private static EmbeddedRedis startOnFreePort() {
        IOException last = null;
        // The free port is found by binding and releasing it, so another process may take it before redis
        // binds: try a few ports before giving up.
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                RedisServer server = RedisServer.newRedisServer()
                        .port(port)
                        .setting("bind 127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        // Drained so that redis never blocks on a full stdout pipe.
                        .soutListener(line -> { })
                        .serrListener(line -> { })
                        .build();
                server.start();
                return new EmbeddedRedis(port, server);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("cannot start an embedded redis-server", last);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private void shutdown() {
        client.shutdown();
        stop();
    }

    /** Lazy, thread-safe start of the one instance (class initialization runs once). */
    private static final class Holder {
        static final EmbeddedRedis INSTANCE = startOnFreePort();

        static {
            Thread hook = new Thread(INSTANCE::shutdown, "embedded-redis-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }
}
