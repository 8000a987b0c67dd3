package io.seckill.inventory.infra.redis;

import io.seckill.inventory.domain.ReleaseOutcome;
import io.seckill.inventory.domain.ReservationOutcome;
import io.seckill.inventory.domain.SaleSettings;
import io.seckill.inventory.domain.StockLevels;
import io.seckill.inventory.domain.StockReservation;
import io.seckill.testsupport.ConcurrentCalls;
import io.seckill.testsupport.EmbeddedRedis;
import io.seckill.inventory.testing.HotStockProbe;
import io.seckill.inventory.testing.TestActivities;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot stock's invariants under random concurrent interleavings of reserve and release, against a real Redis
 * (hence an {@code IT}, run by Failsafe).
 *
 * <p>Each try warms an activity, then runs several threads at once; thread {@code t} acts for user
 * {@code t % users}, so some users act from several threads. Each thread releases only orders it reserved itself,
 * which makes the release outcomes exactly predictable. Interleavings are real, hence not replayable: jqwik
 * varies the shape of the workload, the scheduler varies the order.
 *
 * <p>Outcomes are judged against their call intervals. Every call takes effect at one instant inside its interval
 * (each is one script), so for a call e: units certainly taken before e are reservations that ended before e
 * started, minus releases that started before e ended; units possibly taken are reservations that started before
 * e ended, minus releases that ended before e started. RESERVED needs the certain count below the stock (no
 * oversell); SOLD_OUT needs the possible count to reach it (no undersell: nobody is turned away while a unit is
 * free). The same holds per user against {@code perUserLimit}.
 */
class StockReservationPropertiesIT {

    private static final Duration HOUR = Duration.ofHours(1);

    private enum Step { RESERVE, RELEASE_NEWEST, RELEASE_OLDEST, RELEASE_AGAIN }

    private enum Kind { RESERVE, RELEASE }

    /** One call as a thread saw it: what, for whom, what came back, and when (System.nanoTime). */
    private record Call(Kind kind, String user, String orderId, String outcome, long startNs, long endNs) {
    }

    private final RedissonClient redisson = EmbeddedRedis.shared().client();
    private final RedisHotStock hotStock = new RedisHotStock(redisson);
    private final HotStockProbe probe = new HotStockProbe(redisson);

    @Property(tries = 300)
    void concurrentReservesAndReleasesNeverOversellNorUndersell(
            @ForAll @IntRange(min = 0, max = 50) int stock,
            @ForAll @IntRange(min = 1, max = 3) int perUserLimit,
            @ForAll @IntRange(min = 1, max = 16) int users,
            @ForAll("threadScripts") List<List<Step>> threads) {
        String activity = TestActivities.newId("property");
        Instant now = probe.serverNow();
        hotStock.warmUp(activity, new SaleSettings(stock, now.minus(HOUR), now.plus(HOUR), perUserLimit), false);

        StockWatcher watcher = new StockWatcher(activity);
        watcher.start();
        List<List<Call>> perThread = ConcurrentCalls.run(threads.size(), threads.size(),
                t -> runThread(activity, t, "user-" + t % users, threads.get(t)));
        watcher.finish();
        List<Call> calls = perThread.stream().flatMap(List::stream).toList();
        collectOutcomeStatistics(calls);

        assertThat(watcher.lowest).as("lowest stock seen while running").isNotNegative();
        assertThat(watcher.highest).as("highest stock seen while running").isLessThanOrEqualTo(stock);
        assertQuietStateIsConsistent(activity, stock, perUserLimit, calls);
        assertEveryOutcomeWasPossible(calls, stock, "SOLD_OUT");
        for (int u = 0; u < users; u++) {
            String user = "user-" + u;
            assertEveryOutcomeWasPossible(calls.stream().filter(c -> c.user().equals(user)).toList(),
                    perUserLimit, "ALREADY_PURCHASED");
        }
    }

    /**
     * Makes the property fail if the generated workloads stop reaching sold-out, the per-user limit or real
     * releases: a property that never sees SOLD_OUT cannot catch an undersell.
     */
    private static void collectOutcomeStatistics(List<Call> calls) {
        Set<String> outcomes = calls.stream().map(Call::outcome).collect(Collectors.toSet());
        for (String outcome : List.of("SOLD_OUT", "ALREADY_PURCHASED", "RELEASED")) {
            Statistics.label(outcome).collect(outcomes.contains(outcome));
            Statistics.label(outcome).coverage(coverage -> coverage.check(true).percentage(p -> p >= 10));
        }
    }

    @Provide
    Arbitrary<List<List<Step>>> threadScripts() {
        Arbitrary<Step> step = Arbitraries.frequency(
                Tuple.of(6, Step.RESERVE), Tuple.of(2, Step.RELEASE_NEWEST),
                Tuple.of(1, Step.RELEASE_OLDEST), Tuple.of(1, Step.RELEASE_AGAIN));
        return step.list().ofMinSize(1).ofMaxSize(16).list().ofMinSize(2).ofMaxSize(16);
    }

    /** Runs one thread's steps, checking on the spot what only this thread decides: its own releases. */
    private List<Call> runThread(String activity, int thread, String user, List<Step> steps) {
        List<Call> calls = new ArrayList<>();
        Deque<String> live = new ArrayDeque<>();
        Deque<String> released = new ArrayDeque<>();
        for (int s = 0; s < steps.size(); s++) {
            String newOrder = activity + "-t" + thread + "-s" + s;
            switch (steps.get(s)) {
                case RESERVE -> {
                    Call call = reserve(activity, user, newOrder);
                    assertThat(call.outcome()).isIn("RESERVED", "SOLD_OUT", "ALREADY_PURCHASED");
                    if (call.outcome().equals("RESERVED")) {
                        live.addLast(newOrder);
                    }
                    calls.add(call);
                }
                case RELEASE_NEWEST -> calls.add(releaseOwn(activity, user, live.pollLast(), newOrder, released));
                case RELEASE_OLDEST -> calls.add(releaseOwn(activity, user, live.pollFirst(), newOrder, released));
                case RELEASE_AGAIN -> {
                    String order = released.isEmpty() ? newOrder : released.peekLast();
                    Call call = release(activity, user, order);
                    assertThat(call.outcome()).as("releasing %s again", order).isEqualTo("NOT_RESERVED");
                    calls.add(call);
                }
            }
        }
        return calls;
    }

    /** Releases a live order of this thread (must be RELEASED) or, with none live, an unknown one (NOT_RESERVED). */
    private Call releaseOwn(String activity, String user, String liveOrder, String unknownOrder,
                            Deque<String> released) {
        Call call = release(activity, user, liveOrder == null ? unknownOrder : liveOrder);
        assertThat(call.outcome()).isEqualTo(liveOrder == null ? "NOT_RESERVED" : "RELEASED");
        if (liveOrder != null) {
            released.addLast(liveOrder);
        }
        return call;
    }

    private Call reserve(String activity, String user, String orderId) {
        long start = System.nanoTime();
        ReservationOutcome outcome = hotStock.reserve(new StockReservation(activity, user, orderId));
        return new Call(Kind.RESERVE, user, orderId, outcome.name(), start, System.nanoTime());
    }

    private Call release(String activity, String user, String orderId) {
        long start = System.nanoTime();
        ReleaseOutcome outcome = hotStock.release(activity, orderId);
        return new Call(Kind.RELEASE, user, orderId, outcome.name(), start, System.nanoTime());
    }

    /** Once every call is done: units are conserved and the records agree with each other and with the calls. */
    private void assertQuietStateIsConsistent(String activity, int stock, int perUserLimit, List<Call> calls) {
        Set<String> reserved = ordersWith(calls, Kind.RESERVE, "RESERVED");
        Set<String> released = ordersWith(calls, Kind.RELEASE, "RELEASED");
        assertThat(reserved).containsAll(released);
        Set<String> live = reserved.stream().filter(o -> !released.contains(o)).collect(Collectors.toSet());

        assertThat(hotStock.stockLevels(activity))
                .contains(new StockLevels(stock, stock - live.size(), live.size()));
        assertThat(probe.reservations(activity).keySet()).isEqualTo(live);
        Map<String, Long> buyers = probe.buyers(activity);
        assertThat(buyers).isEqualTo(probe.reservationsPerUser(activity));
        assertThat(buyers.values()).allSatisfy(units -> assertThat(units).isBetween(1L, (long) perUserLimit));
    }

    /**
     * Every RESERVED found a free unit and every {@code refusal} found none, where {@code capacity} units are shared
     * by {@code calls} (all calls against the stock, or one user's calls against the limit).
     */
    private static void assertEveryOutcomeWasPossible(List<Call> calls, long capacity, String refusal) {
        for (Call call : calls) {
            if (isReserved(call)) {
                assertThat(certainlyHeldBefore(calls, call)).as("reserved although all %d units were held at %s",
                        capacity, call).isLessThan(capacity);
            } else if (call.kind() == Kind.RESERVE && call.outcome().equals(refusal)) {
                assertThat(possiblyHeldAt(calls, call)).as("refused while fewer than %d units were held at %s",
                        capacity, call).isGreaterThanOrEqualTo(capacity);
            }
        }
    }

    /** Units held for certain when {@code call} took effect: a lower bound over all linearizations. */
    private static long certainlyHeldBefore(List<Call> calls, Call call) {
        long taken = calls.stream().filter(c -> c != call && isReserved(c) && c.endNs() < call.startNs()).count();
        long returned = calls.stream().filter(c -> isReleased(c) && c.startNs() < call.endNs()).count();
        return taken - returned;
    }

    /** Units possibly held when {@code call} took effect: an upper bound over all linearizations. */
    private static long possiblyHeldAt(List<Call> calls, Call call) {
        long taken = calls.stream().filter(c -> isReserved(c) && c.startNs() < call.endNs()).count();
        long returned = calls.stream().filter(c -> isReleased(c) && c.endNs() < call.startNs()).count();
        return taken - returned;
    }

    private static boolean isReserved(Call call) {
        return call.kind() == Kind.RESERVE && call.outcome().equals("RESERVED");
    }

    private static boolean isReleased(Call call) {
        return call.kind() == Kind.RELEASE && call.outcome().equals("RELEASED");
    }

    private static Set<String> ordersWith(List<Call> calls, Kind kind, String outcome) {
        return calls.stream().filter(c -> c.kind() == kind && c.outcome().equals(outcome))
                .map(Call::orderId).collect(Collectors.toSet());
    }

    /**
     * Samples the raw stock counter while the threads run, so a transient negative value would be seen. Its
     * fields are read only after {@link #finish()} joined it.
     */
    private final class StockWatcher extends Thread {
        private final String activity;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private long lowest = Long.MAX_VALUE;
        private long highest = Long.MIN_VALUE;

        StockWatcher(String activity) {
            super("stock-watcher");
            this.activity = activity;
        }

        @Override
        public void run() {
            while (running.get()) {
                long units = probe.stock(activity);
                lowest = Math.min(lowest, units);
                highest = Math.max(highest, units);
            }
        }

        void finish() {
            running.set(false);
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the watcher", e);
            }
        }
    }
}
