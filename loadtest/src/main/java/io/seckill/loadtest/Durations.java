package io.seckill.loadtest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as a person types them on the command line: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text.strip().toLowerCase();
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            long millis = switch (m.group(2)) {
                case "ms" -> Math.round(amount);
                case "s" -> Math.round(amount * 1_000);
                case "m" -> Math.round(amount * 60_000);
                default -> Math.round(amount * 3_600_000);
            };
            return Duration.ofMillis(millis);
        }
        try {
            return Duration.parse(text.strip().toUpperCase());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 30s, 2m, PT15M)");
        }
    }
}
