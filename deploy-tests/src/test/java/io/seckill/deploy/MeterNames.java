package io.seckill.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Metric names as Prometheus sees them: from a scrape (Prometheus text format), from the Micrometer meters a
 * module's code registers (their names converted as Micrometer's Prometheus naming convention does), and from the
 * PromQL of a dashboard query.
 */
final class MeterNames {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|Timer|Gauge|MultiGauge|DistributionSummary|FunctionCounter|LongTaskTimer)\\.builder\\(\\s*\"([^\"]+)\"");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"");
    private static final Pattern PROMQL_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

    private MeterNames() {
    }

    /** Every sample name of a scrape, e.g. {@code http_server_requests_seconds_count}. */
    static Set<String> ofScrape(String prometheusText) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = SAMPLE.matcher(prometheusText);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** A meter a module's code builds: its Micrometer type, dotted name, base unit (or null), histogram buckets or not. */
    record Meter(String type, String name, String baseUnit, boolean histogram) {

        /** The Prometheus base name, e.g. {@code mq.network.bytes.in} with unit bytes → {@code mq_network_bytes_in_bytes}. */
        String prometheusBase() {
            String base = name.replace('.', '_').replace('-', '_');
            return baseUnit != null && !base.endsWith("_" + baseUnit) ? base + "_" + baseUnit : base;
        }

        /** The sample names Micrometer's Prometheus registry writes for it (without histogram buckets). */
        Set<String> sampleNames() {
            String base = prometheusBase();
            if (histogram && type.equals("Timer")) {
                return Set.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max", base + "_seconds_bucket");
            }
            if (histogram && type.equals("DistributionSummary")) {
                return Set.of(base + "_count", base + "_sum", base + "_max", base + "_bucket");
            }
            return switch (type) {
                case "Counter", "FunctionCounter" -> Set.of(base + "_total");
                case "Timer" -> Set.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max");
                case "LongTaskTimer" -> Set.of(base + "_seconds_active_count", base + "_seconds_duration_sum", base + "_seconds_max");
                case "DistributionSummary" -> Set.of(base + "_count", base + "_sum", base + "_max");
                default -> Set.of(base);
            };
        }
    }

    /** The sample names of the meters a module's main code builds ({@code Counter.builder("a.b")} → {@code a_b_total}). */
    static Set<String> registeredBy(String module) {
        Set<String> names = new TreeSet<>();
        meters(module).forEach(meter -> names.addAll(meter.sampleNames()));
        return names;
    }

    static List<Meter> meters(String module) {
        List<Meter> meters = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Repo.path(module + "/src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                Matcher builder = BUILDER.matcher(code);
                while (builder.find()) {
                    int registerAt = code.indexOf(".register(", builder.end());
                    String chain = code.substring(builder.end(), registerAt < 0 ? builder.end() : registerAt);
                    Matcher unit = BASE_UNIT.matcher(chain);
                    meters.add(new Meter(builder.group(1), builder.group(2), unit.find() ? unit.group(1) : null,
                            chain.contains(".publishPercentileHistogram(")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return meters;
    }

    /** The metric names a PromQL expression reads (functions, keywords, labels, strings and durations left out). */
    static Set<String> inPromQl(String expression) {
        String stripped = expression
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")          // string literals (label values)
                .replaceAll("\\{[^}]*}", " ")                      // label matchers
                .replaceAll("\\[[^]]*]", " ")                      // range and subquery durations
                .replaceAll("\\$\\{?\\w+}?", " ")                  // Grafana variables such as $__rate_interval
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = PROMQL_NAME.matcher(stripped);
        while (matcher.find()) {
            String name = matcher.group();
            int next = matcher.end();
            while (next < stripped.length() && Character.isWhitespace(stripped.charAt(next))) {
                next++;
            }
            boolean function = next < stripped.length() && stripped.charAt(next) == '(';
            boolean number = matcher.start() > 0 && Character.isDigit(stripped.charAt(matcher.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
