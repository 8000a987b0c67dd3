package io.seckill.loadtest;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * One run, start to verdict: users, activity, the seckill phase, the follow-through, the invariants. Not reusable;
 * make one per run.
 */
public final class SeckillLoadTest {

    /** Finer slices for a burst, which is over in seconds; a second for a sustained run. */
    private static final long BURST_SAMPLE_MS = 100;
    private static final long SUSTAINED_SAMPLE_MS = 1_000;
    private static final int MAX_OUTSTANDING = 50_000;

    private final RunSettings settings;

    public SeckillLoadTest(RunSettings settings) {
        this.settings = settings;
    }

    public RunSummary run() throws InterruptedException {
        String startedAt = Instant.now().toString();
        double loadBefore = loadAverage();
        try (GatewayClient client = new GatewayClient(settings.gateway(), settings.connections(),
                settings.requestTimeout())) {
            String admin = client.adminToken(settings.adminKey());
            List<LoadRunner.User> users = createUsers(client);
            if (!settings.warmUp().isZero()) {
                new WarmUp(client, admin, settings.connections()).run(settings.warmUp(), users);
                // The users' own buckets (5/s, burst 10) refill before the sale, so the warm-up costs them nothing.
                GatewayClient.pause(2_000);
            }
            JsonNode activity = activity(client, admin);
            String activityId = activity.path("activityId").asString();
            int perUserLimit = activity.path("perUserLimit").asInt();
            JsonNode summaryBefore = client.orderSummary(admin, activityId);
            BrokerProbe broker = new BrokerProbe(settings.brokerAdmin());
            BrokerFigures brokerBefore = broker.read(null);
            Instant startsAt = Instant.parse(activity.path("startsAt").asString());
            warmConnections(client, activityId);

            long startNanos = System.nanoTime() + Math.max(0, Duration.between(Instant.now(), startsAt).toNanos());
            RunRecorder recorder = new RunRecorder(startNanos);
            LoadRunner runner = new LoadRunner(client, recorder, MAX_OUTSTANDING);
            List<LoadRunner.Reservation> reservations = fire(runner, users, activityId, startNanos, recorder);

            FollowThrough follow = new FollowThrough(client, admin, activityId, users, settings.settleTimeout());
            long t = System.nanoTime();
            List<LoadRunner.Reservation> found = follow.awaitOrders(reservations);
            double ordersSeconds = seconds(t);
            t = System.nanoTime();
            FollowThrough.Payments payments = follow.pay(found, settings.payShare(), settings.seed());
            follow.awaitPaid(found, payments.paid());
            double paymentsSeconds = seconds(t);
            Duration timeoutWait = follow.awaitTimeouts(settings.paymentTimeout());
            FollowThrough.Quiet quiet = follow.awaitQuiet(broker, brokerBefore.reachable() ? brokerBefore : null);
            // Once quiet every reservation is an order, so the orders behind uncertain answers can now be found.
            List<LoadRunner.Reservation> unanswered = follow.ordersOf(runner.uncertainUsers(), reservations);
            List<LoadRunner.Reservation> orders = new ArrayList<>(found);
            orders.addAll(unanswered);
            FollowThrough.Settled settled = follow.settle(orders, payments.attempted());

            PlatformFigures figures = figures(quiet, perUserLimit, new Counted(reservations.size(), found.size(),
                    runner.uncertainUsers().size(), unanswered.size()), summaryBefore, settled);
            List<Invariants.Result> verdicts = Invariants.evaluate(figures);
            RunSummary.Meta meta = new RunSummary.Meta(startedAt, settings.gateway().toString(), activityId,
                    settings.profile().name(), settings.users(), activity.path("stock").asLong(), perUserLimit,
                    settings.profile() instanceof LoadProfile.Sustained s ? s.ratePerSecond() : 0,
                    settings.profile() instanceof LoadProfile.Sustained s ? s.duration().toMillis() / 1e3 : 0,
                    settings.connections(), settings.payShare(), settings.paymentTimeout().toString(),
                    Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
                    Runtime.version().toString());
            RunSummary.Follow followFigures = new RunSummary.Follow(reservations.size(), found.size(), ordersSeconds,
                    payments.attempted().size(), payments.paid().size(), payments.notPayable(), payments.failed(),
                    paymentsSeconds, timeoutWait.toMillis() / 1e3, quiet.quiet(), quiet.waited().toMillis() / 1e3,
                    new TreeMap<>(settled.statuses()));
            return new RunSummary(meta, load(recorder), recorder.timeline(), histogram(recorder), followFigures,
                    figures, verdicts, Invariants.allPassed(verdicts));
        }
    }

    private List<LoadRunner.User> createUsers(GatewayClient client) {
        // Ids unique to this run: a user of an earlier run on the same activity would get ALREADY_PURCHASED.
        String run = Long.toString(System.currentTimeMillis(), 36);
        String[] tokens = new String[settings.users()];
        AtomicInteger done = new AtomicInteger();
        try (ProgressBar bar = ProgressBar.start("users", settings.users(), done::get, () -> "tokens from the issuer")) {
            FollowThrough.forEach(IntStream.range(0, settings.users()).boxed().toList(), i -> {
                tokens[i] = client.userToken(userId(run, i));
                done.incrementAndGet();
            });
        }
        List<LoadRunner.User> users = new ArrayList<>(settings.users());
        for (int i = 0; i < tokens.length; i++) {
            users.add(new LoadRunner.User(userId(run, i), tokens[i]));
        }
        return Collections.unmodifiableList(users);
    }

    private static String userId(String run, int index) {
        return "lt-" + run + "-" + index;
    }

    /** The given activity, or a new one opening {@code lead} from now, warmed so the first request finds Redis ready. */
    private JsonNode activity(GatewayClient client, String admin) {
        if (settings.activityId() != null) {
            return client.activity(settings.activityId());
        }
        Instant startsAt = Instant.now().plus(settings.lead()).truncatedTo(ChronoUnit.MILLIS);
        Duration open = Duration.ofHours(1).plus(settings.paymentTimeout()).plus(settings.profile() instanceof
                LoadProfile.Sustained s ? s.duration() : Duration.ZERO);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Load test " + settings.profile().name() + " " + settings.users() + " users");
        body.put("skuId", "sku-loadtest");
        body.put("priceCents", 1_999);
        body.put("stock", settings.stock());
        body.put("startsAt", startsAt.toString());
        body.put("endsAt", startsAt.plus(open).toString());
        body.put("perUserLimit", settings.perUserLimit());
        JsonNode created = client.createActivity(admin, body);
        client.warmUp(admin, created.path("activityId").asString());
        return client.activity(created.path("activityId").asString());
    }

    /** Opens the pool's keep-alive connections before the sale starts, so the burst does not pay the handshakes. */
    private void warmConnections(GatewayClient client, String activityId) {
        FollowThrough.forEach(IntStream.range(0, settings.connections()).boxed().toList(),
                i -> client.send("GET", "/api/activities/" + activityId, null, null));
    }

    private List<LoadRunner.Reservation> fire(LoadRunner runner, List<LoadRunner.User> users, String activityId,
                                              long startNanos, RunRecorder recorder) throws InterruptedException {
        LoadProfile profile = settings.profile();
        long sampleMs = profile instanceof LoadProfile.Burst ? BURST_SAMPLE_MS : SUSTAINED_SAMPLE_MS;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sampler").factory());
        long firstSample = TimeUnit.NANOSECONDS.toMillis(startNanos - System.nanoTime()) + sampleMs;
        // Fixed delay, not rate: a sampler delayed on a busy machine must not catch up with slivers of intervals.
        sampler.scheduleWithFixedDelay(() -> recorder.sample(System.nanoTime()), firstSample, sampleMs,
                TimeUnit.MILLISECONDS);
        try (ProgressBar bar = ProgressBar.start(profile.name(), profile.requests(), recorder::liveTotal,
                () -> liveStatus(recorder, startNanos))) {
            return runner.run(profile, users, activityId, startNanos);
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            recorder.sample(System.nanoTime());
        }
    }

    private static String liveStatus(RunRecorder recorder, long startNanos) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        if (elapsed <= 0) {
            return "%.1f s to startsAt".formatted(-elapsed);
        }
        StringBuilder status = new StringBuilder("%,.0f req/s".formatted(recorder.liveTotal() / elapsed));
        for (Outcome outcome : Outcome.values()) {
            status.append("  ").append(outcome.label()).append(' ').append("%,d".formatted(recorder.liveCount(outcome)));
        }
        return status.toString();
    }

    static RunSummary.Load load(RunRecorder recorder) {
        Map<Outcome, Histogram> totals = recorder.totals();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, LatencySummary> latency = new LinkedHashMap<>();
        long requests = 0;
        for (Outcome outcome : Outcome.values()) {
            LatencySummary summary = LatencySummary.of(totals.get(outcome));
            counts.put(outcome.label(), summary.count());
            latency.put(outcome.label(), summary);
            requests += summary.count();
        }
        Histogram all = RunRecorder.newHistogram();
        totals.values().forEach(all::add);
        latency.put("all", LatencySummary.of(all));
        double elapsed = recorder.lastCompletedSeconds();
        return new RunSummary.Load(requests, elapsed, elapsed > 0 ? requests / elapsed : 0,
                recorder.acceptedPerSecond(), counts, latency, recorder.reasons());
    }

    static RunSummary.Histogram histogram(RunRecorder recorder) {
        Map<Outcome, Histogram> totals = new EnumMap<>(recorder.totals());
        return new RunSummary.Histogram(LatencySummary.BUCKET_BOUNDS_MS, LatencySummary.buckets(totals));
    }

    /** What the client counted: 202s, their orders read back, uncertain answers, and the orders found behind them. */
    private record Counted(long accepted, long found, long uncertain, long unansweredOrders) {
    }

    private static PlatformFigures figures(FollowThrough.Quiet quiet, int perUserLimit, Counted counted,
                                           JsonNode before, FollowThrough.Settled settled) {
        JsonNode stock = quiet.stock();
        JsonNode summary = quiet.summary();
        JsonNode redis = stock.path("redisRemaining");
        return new PlatformFigures(stock.path("initialStock").asLong(), stock.path("mysqlRemaining").asLong(),
                redis.isNumber() ? redis.asLong() : null, stock.path("liveReservations").asLong(),
                summary.path("pendingPayment").asLong(), summary.path("paid").asLong(),
                summary.path("cancelled").asLong(), summary.path("distinctBuyers").asLong(),
                summary.path("maxPerBuyer").asLong(), perUserLimit, counted.accepted(), counted.found(),
                counted.uncertain(), counted.unansweredOrders(),
                before.path("pendingPayment").asLong() + before.path("paid").asLong()
                        + before.path("cancelled").asLong(), before.path("paid").asLong(), settled.paidOrders(),
                settled.cancelledPaymentTried(), quiet.broker());
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
