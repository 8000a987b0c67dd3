package io.seckill.mq.broker.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResetTargetTest {

    @Command
    static final class Holder {
        @ArgGroup(exclusive = true, multiplicity = "1")
        ResetTarget target;
    }

    private static ResetTarget parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.target;
    }

    @Test
    void earliestAndLatestAreTheLogBounds() {
        assertThat(parse("--to-earliest").resolve(10, 50, null)).isEqualTo(10);
        assertThat(parse("--to-latest").resolve(10, 50, null)).isEqualTo(50);
    }

    @Test
    void anExplicitOffsetIsClampedIntoTheLog() {
        assertThat(parse("--to-offset", "30").resolve(10, 50, null)).isEqualTo(30);
        assertThat(parse("--to-offset", "3").resolve(10, 50, null)).isEqualTo(10);
        assertThat(parse("--to-offset", "99").resolve(10, 50, null)).isEqualTo(50);
    }

    @Test
    void aDatetimeWithoutLaterRecordsMovesToTheLogEnd() {
        ResetTarget target = parse("--to-datetime", "2026-11-25T09:30:00Z");

        assertThat(target.resolve(10, 50, 42L)).isEqualTo(42);
        assertThat(target.resolve(10, 50, -1L)).isEqualTo(50);
        assertThat(target.resolve(10, 50, null)).isEqualTo(50);
    }

    @Test
    void datetimesTakeAnOffsetOrAreLocalTime() {
        assertThat(ResetTarget.DateTimeConverter.parse("2026-11-25T09:30:00Z", ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-11-25T09:30:00Z"));
        assertThat(ResetTarget.DateTimeConverter.parse("2026-11-25T10:30:00+01:00", ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-11-25T09:30:00Z"));
        assertThat(ResetTarget.DateTimeConverter.parse("2026-11-25T10:30", ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2026-11-25T09:30:00Z"));
        assertThatThrownBy(() -> ResetTarget.DateTimeConverter.parse("25.11.2026", ZoneId.of("UTC")))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'25.11.2026'");
    }
}
