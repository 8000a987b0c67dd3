package io.seckill.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's configuration rules: ports, external servers, secrets, the port check. */
class PlatformOptionsTest {

    private static PlatformOptions parse(String... args) {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs(args);
        return up.options;
    }

    @Test
    void portsDefaultToApiMdAndAFlagWinsOverThePortsBase() {
        assertThat(parse().ports()).isEqualTo(Ports.DEFAULTS);
        Ports ports = parse("--ports-base", "20000", "--redis-port", "7000").ports();
        assertThat(ports).isEqualTo(new Ports(20000, 20001, 20002, 20003, 20004, 20005, 20006, 7000));
    }

    @Test
    void externalMysqlIsHostPortOrAJdbcUrlAndKeepsItsParameters() {
        MysqlEndpoint plain = parse("--external-mysql", "db:3306", "--mysql-user", "app").mysql();
        assertThat(plain.embedded()).isFalse();
        assertThat(plain.user()).isEqualTo("app");
        assertThat(plain.schemaUrl("orders")).startsWith("jdbc:mysql://db:3306/orders?createDatabaseIfNotExist=true&");
        MysqlEndpoint jdbc = parse("--external-mysql", "jdbc:mysql://db:3307/?sslMode=REQUIRED").mysql();
        assertThat(jdbc.schemaUrl("payments"))
                .isEqualTo("jdbc:mysql://db:3307/payments?createDatabaseIfNotExist=true&sslMode=REQUIRED");
        assertThat(parse().mysql().embedded()).isTrue();
    }

    @Test
    void externalRedisMustBeHostAndPort() {
        PlatformOptions.RedisEndpoint redis = parse("--external-redis", "cache:6380").redis();
        assertThat(redis).isEqualTo(new PlatformOptions.RedisEndpoint("cache", 6380, false));
        assertThatThrownBy(() -> parse("--external-redis", "cache").redis())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsAreIsoOrPlainSeconds() {
        assertThat(parse("--demo-starts-in", "5s").demoStartsIn).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("--demo-starts-in", "PT2M").demoStartsIn).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("--health-timeout", "90").healthTimeout).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void secretsAreRandomPerDataDirectoryKeptAcrossRunsAndOverriddenByTheEnvironment(@TempDir Path dir) {
        Secrets first = Secrets.load(dir, Map.of());
        assertThat(first.jwtSecret()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(first.adminKey()).isNotEqualTo(first.jwtSecret());
        assertThat(Secrets.load(dir, Map.of())).isEqualTo(first);
        Secrets overridden = Secrets.load(dir, Map.of("SECKILL_AUTH_ADMIN_KEY", "demo-key"));
        assertThat(overridden.adminKey()).isEqualTo("demo-key");
        assertThat(overridden.jwtSecret()).isEqualTo(first.jwtSecret());
        assertThat(Secrets.load(dir.resolve("other"), Map.of()).adminKey()).isNotEqualTo(first.adminKey());
    }

    @Test
    void aTakenPortIsReportedWithItsOwnerBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            List<String> problems = PortCheck.problems(Map.of(port, "gateway (--gateway-port)"), List.of(port));
            assertThat(problems).containsExactly("port " + port + " for gateway (--gateway-port) is taken by another"
                    + " process");
        }
    }

    @Test
    void aPortGivenToTwoComponentsIsReported() {
        assertThat(PortCheck.problems(Map.of(), List.of(1, 2, 1))).containsExactly(
                "port 1 is configured for two components");
    }
}
