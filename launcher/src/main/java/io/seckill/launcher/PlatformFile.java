package io.seckill.launcher;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <data>/platform.json}: what a running platform looks like from outside, for the load test, {@code down} and
 * {@code status}. Written as the platform starts ({@code state} STARTING, with the pids so far) and again when it is
 * ready (READY, with the demo sale); deleted when it has stopped. Written atomically: a reader never sees half a file.
 *
 * @param state            STARTING or READY
 * @param launcherPid      the process that runs the platform; SIGTERM to it stops everything in order
 * @param dataDir          the data directory, absolute
 * @param gatewayUrl       the public entry, e.g. {@code http://localhost:8080}
 * @param adminKey         earns an ADMIN token
 * @param brokerAdminUrl   mq-broker's HTTP admin ({@code /health}, {@code /metrics})
 * @param bootstrapServers mq-broker's Kafka protocol endpoint
 * @param activityId       the demo sale (null until READY)
 * @param paymentTimeout   the services' {@code seckill.order.payment-timeout} (ISO-8601), for the load test
 * @param ports            every port of the platform
 * @param pids             component name → pid, in start order
 */
public record PlatformFile(String state, long launcherPid, String dataDir, String gatewayUrl, String adminKey,
                           String brokerAdminUrl, String bootstrapServers, String activityId,
                           String paymentTimeout, Ports ports, Map<String, Long> pids) {

    public static final String STARTING = "STARTING";
    public static final String READY = "READY";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The file of a data directory. */
    public static Path in(Path dataDir) {
        return dataDir.resolve("platform.json");
    }

    /** The data directory's file, if there is one. */
    public static Optional<PlatformFile> read(Path dataDir) {
        Path file = in(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readString(file), PlatformFile.class));
        } catch (IOException | RuntimeException e) {
            // Unreadable (e.g. from another version): treated as absent; `down` still finds the launcher's pid file.
            return Optional.empty();
        }
    }

    /** The same file with one more pid. */
    PlatformFile withPid(String name, long pid) {
        Map<String, Long> more = new LinkedHashMap<>(pids);
        more.put(name, pid);
        return new PlatformFile(state, launcherPid, dataDir, gatewayUrl, adminKey, brokerAdminUrl, bootstrapServers,
                activityId, paymentTimeout, ports, more);
    }

    /** The same file, READY with the demo sale. */
    PlatformFile ready(String demoActivityId) {
        return new PlatformFile(READY, launcherPid, dataDir, gatewayUrl, adminKey, brokerAdminUrl, bootstrapServers,
                demoActivityId, paymentTimeout, ports, pids);
    }

    void write() {
        Path file = in(Path.of(dataDir));
        Path partial = file.resolveSibling("platform.json.partial");
        try {
            Files.writeString(partial, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
