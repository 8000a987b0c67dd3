package io.seckill.loadtest;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ./seckill loadtest}: the command line of API.md, plus the knobs a performance engineer needs. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a seckill crowd against the gateway, follows the orders through payment and payment "
                + "timeout, checks every invariant of ARCHITECTURE.md and writes an HTML + JSON report.",
                "Exit code 0 only if every invariant holds; 1 if one fails; 2 if the run could not be made.", ""})
public final class LoadTestCommand implements Callable<Integer> {

    static final int INVARIANT_FAILED = 1;
    static final int RUN_FAILED = 2;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "The gateway (default: data/platform.json's gatewayUrl, else http://localhost:8080).")
    String gateway;
    @Option(names = "--users", paramLabel = "N", defaultValue = "5000", description = "Distinct users (default ${DEFAULT-VALUE}).")
    int users;
    @Option(names = "--stock", paramLabel = "N", defaultValue = "200",
            description = "Stock of the activity the run creates (default ${DEFAULT-VALUE}).")
    long stock;
    @Option(names = "--profile", paramLabel = "burst|sustained", defaultValue = "burst",
            description = "burst: every user fires once at startsAt; sustained: --rate for --duration, users taking turns.")
    String profile;
    @Option(names = "--rate", paramLabel = "R", defaultValue = "1000",
            description = "Sustained profile: requests per second (default ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = "--duration", paramLabel = "D", defaultValue = "60s",
            description = "Sustained profile: how long, e.g. 60s, 5m (default ${DEFAULT-VALUE}).")
    String duration;
    @Option(names = "--pay-share", paramLabel = "F", defaultValue = "0.5",
            description = "Share of the orders that are paid; the rest wait for the payment timeout (default ${DEFAULT-VALUE}).")
    double payShare;
    @Option(names = "--report", paramLabel = "FILE", defaultValue = "loadtest-report.html",
            description = "The HTML report; the JSON summary goes next to it (default ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--activity", paramLabel = "ID", description = "Load an existing activity instead of creating one.")
    String activityId;
    @Option(names = "--admin-key", paramLabel = "KEY",
            description = "The admin key (default: env SECKILL_AUTH_ADMIN_KEY, else data/platform.json).")
    String adminKey;
    @Option(names = "--broker-admin", paramLabel = "URL",
            description = "mq-broker's admin HTTP (metrics) (default: data/platform.json, else http://localhost:9644).")
    String brokerAdmin;
    @Option(names = "--payment-timeout", paramLabel = "D", description = "The platform's seckill.order.payment-timeout"
            + " (default: data/platform.json, else env SECKILL_ORDER_PAYMENT_TIMEOUT, else PT15M).")
    String paymentTimeout;
    @Option(names = "--settle-timeout", paramLabel = "D", defaultValue = "2m",
            description = "Longest wait for orders, payments and quiet beyond what they wait for (default ${DEFAULT-VALUE}).")
    String settleTimeout;
    @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
            description = "Keep-alive HTTP/1.1 connections to the gateway, at most (default ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--per-user-limit", paramLabel = "N", defaultValue = "1",
            description = "perUserLimit of a created activity (default ${DEFAULT-VALUE}).")
    int perUserLimit;
    @Option(names = "--lead", paramLabel = "D", defaultValue = "3s",
            description = "A created activity starts this long after the users exist (default ${DEFAULT-VALUE}).")
    String lead;
    @Option(names = "--warmup", paramLabel = "D", defaultValue = "0s",
            description = "Warm the platform's JITs first with this much unmeasured load on a throw-away activity,"
                    + " e.g. 60s for benchmark figures (default ${DEFAULT-VALUE}).")
    String warmUp;
    @Option(names = "--request-timeout", paramLabel = "D", defaultValue = "10s",
            description = "A request without an answer this long counts as 'other' (default ${DEFAULT-VALUE}).")
    String requestTimeout;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "7",
            description = "Seed of the choice of orders to pay (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--platform-file", paramLabel = "FILE", defaultValue = "${env:SECKILL_DATA_DIR:-data}/platform.json",
            description = "What the launcher wrote about the running platform (default ${DEFAULT-VALUE}).")
    Path platformFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTestCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        RunSettings settings;
        try {
            settings = settings(PlatformFile.read(platformFile));
        } catch (IllegalArgumentException | LoadTestException e) {
            System.err.println("loadtest: " + e.getMessage());
            return RUN_FAILED;
        }
        System.out.printf("seckill load test: %s, %,d users, %s, gateway %s, %d connections%n",
                settings.profile().name(), settings.users(), settings.activityId() == null
                        ? "stock " + settings.stock() : "activity " + settings.activityId(), settings.gateway(),
                settings.connections());
        if (settings.profile() instanceof LoadProfile.Sustained s && settings.payShare() > 0
                && s.duration().compareTo(settings.paymentTimeout()) >= 0) {
            System.out.printf("note: the run (%s) outlasts the payment timeout (%s): orders from its start time out"
                    + " before they are paid, and their late payments must be refunded (cancelled-refunded)%n",
                    s.duration(), settings.paymentTimeout());
        }
        RunSummary summary;
        try {
            summary = new SeckillLoadTest(settings).run();
        } catch (LoadTestException e) {
            System.err.println("loadtest: " + e.getMessage());
            return RUN_FAILED;
        }
        ConsoleSummary.print(summary, System.out);
        try {
            ReportWriter.Written written = ReportWriter.write(summary, settings.report());
            System.out.printf("report: %s%njson:   %s%n", written.html().toAbsolutePath(),
                    written.json().toAbsolutePath());
        } catch (UncheckedIOException e) {
            System.err.println("loadtest: " + e.getMessage() + ": " + e.getCause().getMessage());
            return RUN_FAILED;
        }
        return summary.passed() ? 0 : INVARIANT_FAILED;
    }

    RunSettings settings(PlatformFile file) {
        String key = PlatformFile.first(adminKey, System.getenv("SECKILL_AUTH_ADMIN_KEY"), file.adminKey());
        if (key == null) {
            throw new LoadTestException("no admin key: pass --admin-key, set SECKILL_AUTH_ADMIN_KEY, or start the "
                    + "platform with ./seckill up (it writes " + platformFile + ")");
        }
        if (users < 1 || connections < 1 || perUserLimit < 1 || (activityId == null && stock < 1)) {
            throw new IllegalArgumentException("--users, --connections, --per-user-limit and --stock must be at least 1");
        }
        if (!(payShare >= 0 && payShare <= 1)) {
            throw new IllegalArgumentException("--pay-share must be between 0 and 1, was " + payShare);
        }
        LoadProfile load = switch (profile) {
            case "burst" -> new LoadProfile.Burst(users);
            case "sustained" -> new LoadProfile.Sustained(users, rate, Durations.parse(duration));
            default -> throw new IllegalArgumentException("--profile must be burst or sustained, was " + profile);
        };
        Duration timeout = Durations.parse(PlatformFile.first(paymentTimeout, file.paymentTimeout(),
                System.getenv("SECKILL_ORDER_PAYMENT_TIMEOUT"), "PT15M"));
        return new RunSettings(uri(PlatformFile.first(gateway, file.gatewayUrl(), "http://localhost:8080")), key,
                uri(PlatformFile.first(brokerAdmin, file.brokerAdminUrl(), "http://localhost:9644")), activityId,
                users, stock, perUserLimit, load, payShare, timeout, Durations.parse(settleTimeout),
                Durations.parse(lead), Durations.parse(warmUp), connections, Durations.parse(requestTimeout), seed, report);
    }

    private static URI uri(String text) {
        URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http URL: " + text);
        }
        return uri;
    }
}
