package io.seckill.launcher;

import redis.embedded.core.ExecutableProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The embedded Redis: the redis-server binary that embedded-redis ships, extracted into {@code <data>/redis/bin} and
 * run by the launcher (not by embedded-redis, whose shutdown hook would stop it concurrently with the services). Its
 * data lives in {@code <data>/redis} with the append-only file on, so reservations and sold-out flags survive a
 * restart.
 */
final class RedisServerProcess {

    private RedisServerProcess() {
    }

    /** The child that runs redis-server on 127.0.0.1:{@code port}; the binary is extracted when it starts. */
    static ChildProcess child(Path dataDir, int port, Path logDir) {
        Path redisDir = dataDir.resolve("redis");
        Path binaryDir = redisDir.resolve("bin");
        return new ChildProcess("redis", child -> List.of(extract(binaryDir),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", redisDir.toString(),
                "--appendonly", "yes", "--appendfsync", "everysec", "--daemonize", "no"),
                Map.of(), logDir, HealthCheck.redisPing("127.0.0.1", port));
    }

    private static String extract(Path binaryDir) {
        try {
            Files.createDirectories(binaryDir);
            return ExecutableProvider.newJarResourceProvider(binaryDir.toFile()).get().getAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract redis-server into " + binaryDir, e);
        }
    }
}
