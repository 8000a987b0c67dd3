package io.seckill.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    private static LoadTestCommand parse(String... args) {
        LoadTestCommand command = new LoadTestCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void theLauncherFileFillsWhatTheCommandLineLeavesOpen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("platform.json");
        Files.writeString(file, """
                {"gatewayUrl":"http://127.0.0.1:18080","adminKey":"k1","brokerAdminUrl":"http://127.0.0.1:19644",
                 "paymentTimeout":"PT30S","other":1}""");

        RunSettings settings = parse("--users", "10", "--admin-key", "flag-key").settings(PlatformFile.read(file));

        assertThat(settings.gateway()).isEqualTo(URI.create("http://127.0.0.1:18080"));
        assertThat(settings.adminKey()).isEqualTo("flag-key");
        assertThat(settings.brokerAdmin()).isEqualTo(URI.create("http://127.0.0.1:19644"));
        assertThat(settings.paymentTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.profile()).isEqualTo(new LoadProfile.Burst(10));
    }

    @Test
    void apiMdFlagsAreTheCommandLine() {
        RunSettings settings = parse("--gateway", "http://gw:8080/", "--users", "20", "--stock", "5", "--profile",
                "sustained", "--rate", "50", "--duration", "2s", "--pay-share", "0.25", "--report", "r.html",
                "--admin-key", "k", "--payment-timeout", "20s").settings(PlatformFile.NONE);

        assertThat(settings.gateway()).isEqualTo(URI.create("http://gw:8080"));
        assertThat(settings.profile()).isEqualTo(new LoadProfile.Sustained(20, 50, Duration.ofSeconds(2)));
        assertThat(settings.profile().requests()).isEqualTo(100);
        assertThat(settings.stock()).isEqualTo(5);
        assertThat(settings.payShare()).isEqualTo(0.25);
        assertThat(settings.report()).isEqualTo(Path.of("r.html"));
        assertThat(settings.paymentTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.brokerAdmin()).isEqualTo(URI.create("http://localhost:9644"));
    }

    @Test
    void badValuesAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> parse("--admin-key", "k", "--profile", "spike").settings(PlatformFile.NONE))
                .hasMessageContaining("burst or sustained");
        assertThatThrownBy(() -> parse("--admin-key", "k", "--pay-share", "1.5").settings(PlatformFile.NONE))
                .hasMessageContaining("--pay-share");
        assertThatThrownBy(() -> parse("--admin-key", "k", "--users", "0").settings(PlatformFile.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void progressLineShowsBarShareAndStatus() {
        String line = ProgressBar.render("burst", 200, 50, 1.25, "202 10");

        assertThat(line).contains("[########----------------------]").contains(" 25% 50/200").contains("1.3s")
                .endsWith("202 10");
    }
}
