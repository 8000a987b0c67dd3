package io.seckill.loadtest;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What happens after the 202s, as a crowd's buyers would go on: read the orders back until they exist, pay a share
 * of them, let the others run into the payment timeout, then wait until the platform is quiet. Every wait has a
 * deadline; a missed deadline is not an error here — the invariants judge what was reached.
 *
 * <p>Calls run in virtual threads, bounded by the client's connections.
 */
public final class FollowThrough {

    private static final int PAY_ATTEMPTS = 8;

    private final GatewayClient client;
    private final String adminToken;
    private final String activityId;
    private final List<LoadRunner.User> users;
    private final Duration settleTimeout;

    public FollowThrough(GatewayClient client, String adminToken, String activityId, List<LoadRunner.User> users,
                         Duration settleTimeout) {
        this.client = client;
        this.adminToken = adminToken;
        this.activityId = activityId;
        this.users = users;
        this.settleTimeout = settleTimeout;
    }

    /** The reservations whose order the owner could read, polled until all are found or the deadline passes. */
    public List<LoadRunner.Reservation> awaitOrders(List<LoadRunner.Reservation> reservations) {
        Set<LoadRunner.Reservation> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(reservations);
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        try (ProgressBar bar = ProgressBar.start("orders", reservations.size(),
                () -> reservations.size() - missing.size(), () -> "read back by their owners")) {
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                forEach(List.copyOf(missing), r -> client.order(token(r), r.orderId()).ifPresent(o -> missing.remove(r)));
                if (!missing.isEmpty()) {
                    GatewayClient.pause(250);
                }
            }
        }
        return reservations.stream().filter(r -> !missing.contains(r)).toList();
    }

    /** How the payments went: the orders a payment was tried for, and those whose payment succeeded. */
    public record Payments(List<String> attempted, List<String> paid, int notPayable, int failed) {
    }

    /** Pays {@code share} of the orders, chosen by a seeded shuffle so that a run can be repeated. */
    public Payments pay(List<LoadRunner.Reservation> orders, double share, long seed) {
        List<LoadRunner.Reservation> chosen = new ArrayList<>(orders);
        Collections.shuffle(chosen, new Random(seed));
        chosen = chosen.subList(0, (int) Math.round(share * chosen.size()));
        List<String> paid = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger notPayable = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (ProgressBar bar = ProgressBar.start("payments", chosen.size(),
                () -> paid.size() + notPayable.get() + failed.get(), () -> "paid " + paid.size())) {
            forEach(chosen, r -> {
                int status = payOnce(r);
                if (status == 200) {
                    paid.add(r.orderId());
                } else if (status == 409) {
                    notPayable.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            });
        }
        return new Payments(chosen.stream().map(LoadRunner.Reservation::orderId).toList(), List.copyOf(paid),
                notPayable.get(), failed.get());
    }

    /** POST /api/payments until a final answer: repeating is safe, the platform returns the same payment. */
    private int payOnce(LoadRunner.Reservation r) {
        GatewayClient.Reply reply = null;
        for (int attempt = 1; attempt <= PAY_ATTEMPTS; attempt++) {
            reply = client.send("POST", "/api/payments", token(r), Map.of("orderId", r.orderId()));
            if (reply.status() == 429) {
                GatewayClient.pause(Math.max(1, reply.retryAfterSeconds()) * 1_000);
            } else if (reply.status() == Outcome.NO_RESPONSE || reply.status() >= 500) {
                GatewayClient.pause(250L * attempt);
            } else {
                return reply.status();
            }
        }
        return reply.status();
    }

    /**
     * Waits until every paid order has left PENDING_PAYMENT: PAID once payment.succeeded is consumed, or CANCELLED
     * if its payment timeout came first (the payment is then refunded).
     */
    public void awaitPaid(List<LoadRunner.Reservation> orders, List<String> paid) {
        Set<String> paidIds = Set.copyOf(paid);
        Set<LoadRunner.Reservation> pending = ConcurrentHashMap.newKeySet();
        orders.stream().filter(r -> paidIds.contains(r.orderId())).forEach(pending::add);
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            forEach(List.copyOf(pending), r -> client.order(token(r), r.orderId())
                    .filter(o -> !"PENDING_PAYMENT".equals(o.path("status").asString())).ifPresent(o -> pending.remove(r)));
            if (!pending.isEmpty()) {
                GatewayClient.pause(250);
            }
        }
    }

    /**
     * Waits until no order of the activity is PENDING_PAYMENT: each unpaid one is cancelled once its payment timeout
     * is due, so the wait is bounded by the timeout plus the settle time. Returns how long it waited.
     */
    public Duration awaitTimeouts(Duration paymentTimeout) {
        long start = System.nanoTime();
        long deadline = start + paymentTimeout.plus(settleTimeout).toNanos();
        long[] pending = {client.orderSummary(adminToken, activityId).path("pendingPayment").asLong()};
        long initial = pending[0];
        if (initial == 0) {
            return Duration.ZERO;
        }
        try (ProgressBar bar = ProgressBar.start("timeouts", initial, () -> initial - pending[0],
                () -> "%d unpaid orders, payment timeout %s, %ds waited".formatted(pending[0], paymentTimeout,
                        (System.nanoTime() - start) / 1_000_000_000L))) {
            while (pending[0] > 0 && System.nanoTime() < deadline) {
                GatewayClient.pause(1_000);
                pending[0] = client.orderSummary(adminToken, activityId).path("pendingPayment").asLong();
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The last readings of the admin endpoints and the broker, and whether they had settled. */
    public record Quiet(JsonNode stock, JsonNode summary, BrokerFigures broker, boolean quiet, Duration waited) {
    }

    /**
     * Polls stock, order summary and broker every second until the broker has nothing left to deliver (or cannot be
     * read) and two readings in a row are the same, or the settle time is over.
     */
    public Quiet awaitQuiet(BrokerProbe broker, BrokerFigures before) {
        long start = System.nanoTime();
        long deadline = start + settleTimeout.toNanos();
        JsonNode stock = client.stock(adminToken, activityId);
        JsonNode summary = client.orderSummary(adminToken, activityId);
        BrokerFigures figures = broker.read(before);
        boolean quiet = false;
        try (ProgressBar bar = ProgressBar.start("quiet", 0, () -> 0, () -> "waiting for consumers to catch up")) {
            while (System.nanoTime() < deadline) {
                GatewayClient.pause(1_000);
                JsonNode nextStock = client.stock(adminToken, activityId);
                JsonNode nextSummary = client.orderSummary(adminToken, activityId);
                BrokerFigures nextFigures = broker.read(before);
                // An unreadable broker cannot become quiet; its invariant fails anyway, so only the readings must settle.
                boolean brokerSettled = nextFigures.quiet() || !nextFigures.reachable();
                quiet = brokerSettled && nextStock.equals(stock) && nextSummary.equals(summary);
                stock = nextStock;
                summary = nextSummary;
                figures = nextFigures;
                if (quiet) {
                    break;
                }
            }
        }
        return new Quiet(stock, summary, figures, quiet, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The orders of this activity held by the given users, from each user's own list ({@code GET /api/orders}): the
     * reservations behind answers that were lost or turned into a 5xx, other than the {@code known} ones. Call it
     * once quiet, when every reservation is an order.
     */
    public List<LoadRunner.Reservation> ordersOf(List<Integer> userIndexes, List<LoadRunner.Reservation> known) {
        Set<String> knownIds = ConcurrentHashMap.newKeySet();
        known.forEach(r -> knownIds.add(r.orderId()));
        List<LoadRunner.Reservation> found = Collections.synchronizedList(new ArrayList<>());
        forEach(List.copyOf(Set.copyOf(userIndexes)), user -> {
            GatewayClient.Reply reply = client.send("GET", "/api/orders?limit=100", users.get(user).token(), null);
            if (reply.status() != 200) {
                throw new LoadTestException("GET /api/orders answered " + reply.status() + ": "
                        + GatewayClient.abbreviate(reply.body()));
            }
            for (JsonNode order : reply.json()) {
                // A user of a sustained run may also hold a 202's order, already known; sets drop repeats.
                if (activityId.equals(order.path("activityId").asString())
                        && knownIds.add(order.path("orderId").asString())) {
                    found.add(new LoadRunner.Reservation(order.path("orderId").asString(), user));
                }
            }
        });
        return List.copyOf(found);
    }

    /**
     * Each order's final status; the admin view of the payment of every PAID order, and of every CANCELLED order a
     * payment was tried for (a payment that lost the race with the timeout must have been refunded).
     */
    public record Settled(Map<String, Long> statuses, List<PlatformFigures.PaymentOfOrder> paidOrders,
                          List<PlatformFigures.PaymentOfOrder> cancelledPaymentTried) {
    }

    public Settled settle(List<LoadRunner.Reservation> orders, List<String> paymentTried) {
        Set<String> tried = Set.copyOf(paymentTried);
        Map<String, Long> statuses = new ConcurrentHashMap<>();
        List<PlatformFigures.PaymentOfOrder> paid = Collections.synchronizedList(new ArrayList<>());
        List<PlatformFigures.PaymentOfOrder> cancelled = Collections.synchronizedList(new ArrayList<>());
        forEach(orders, r -> {
            String status = client.order(token(r), r.orderId()).map(o -> o.path("status").asString()).orElse("MISSING");
            statuses.merge(status, 1L, Long::sum);
            if ("PAID".equals(status)) {
                paid.add(paymentOf(r.orderId()));
            } else if ("CANCELLED".equals(status) && tried.contains(r.orderId())) {
                cancelled.add(paymentOf(r.orderId()));
            }
        });
        return new Settled(Map.copyOf(statuses), List.copyOf(paid), List.copyOf(cancelled));
    }

    private PlatformFigures.PaymentOfOrder paymentOf(String orderId) {
        return client.payment(adminToken, orderId)
                .map(p -> new PlatformFigures.PaymentOfOrder(orderId, p.path("status").asString(),
                        p.path("providerCharges").asLong(), p.path("providerRefunds").asLong()))
                .orElse(new PlatformFigures.PaymentOfOrder(orderId, null, 0, 0));
    }

    private String token(LoadRunner.Reservation r) {
        return users.get(r.user()).token();
    }

    /** Runs the action for every item, each in its own virtual thread, and returns when all are done. */
    static <T> void forEach(List<T> items, Consumer<T> action) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(executor.submit(() -> action.accept(item)));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : new LoadTestException("failed", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LoadTestException("interrupted", e);
                }
            }
        }
    }
}
