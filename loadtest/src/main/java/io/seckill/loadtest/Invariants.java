package io.seckill.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ARCHITECTURE.md's invariants, judged from {@link PlatformFigures}: pure, so that each can be shown to fail. Six are
 * the list of ARCHITECTURE.md; two more are the "no lost order, no double charge" of its opening: every 202 became an
 * order, and a payment that lost the race with the payment timeout was given back.
 */
public final class Invariants {

    private static final int SHOWN_OFFENDERS = 5;

    private Invariants() {
    }

    /** One invariant's verdict: a stable id, the rule in words, and the figures it was judged on. */
    public record Result(String id, String rule, boolean passed, String detail) {
    }

    public static List<Result> evaluate(PlatformFigures f) {
        List<Result> results = new ArrayList<>();
        results.add(new Result("stock-conserved", "initial_stock = mysql_remaining + live_reservations",
                f.initialStock() == f.mysqlRemaining() + f.liveReservations(),
                "initialStock %d, mysqlRemaining %d, liveReservations %d".formatted(f.initialStock(),
                        f.mysqlRemaining(), f.liveReservations())));
        results.add(new Result("stores-agree", "redis_remaining = mysql_remaining",
                f.redisRemaining() != null && f.redisRemaining() == f.mysqlRemaining(),
                f.redisRemaining() == null ? "the activity is not warm in Redis (redisRemaining null)"
                        : "redisRemaining %d, mysqlRemaining %d".formatted(f.redisRemaining(), f.mysqlRemaining())));
        long live = f.pendingPayment() + f.paid();
        results.add(new Result("orders-match-reservations", "orders not CANCELLED = live_reservations",
                live == f.liveReservations(), "pendingPayment %d + paid %d = %d, liveReservations %d"
                .formatted(f.pendingPayment(), f.paid(), live, f.liveReservations())));
        results.add(new Result("per-user-limit", "no user holds more than perUserLimit",
                f.maxPerBuyer() <= f.perUserLimit(), "maxPerBuyer %d, perUserLimit %d, distinctBuyers %d"
                .formatted(f.maxPerBuyer(), f.perUserLimit(), f.distinctBuyers())));
        results.add(paidOnce(f));
        results.add(cancelledKeepNoMoney(f));
        results.add(nothingUndelivered(f.broker()));
        long newOrders = f.ordersTotal() - f.ordersBefore();
        // A 503 or a lost answer may hide a reservation that did happen; its order is found in its owner's list.
        results.add(new Result("no-lost-order", "every 202 became exactly one order, and no other order appeared",
                f.ordersFound() == f.accepted() && newOrders == f.accepted() + f.unansweredOrders()
                        && f.unansweredOrders() <= f.uncertainAnswers(),
                "202 answers %d, orders read back %d; answers 5xx or none %d, orders behind them %d; new orders of the activity %d"
                        .formatted(f.accepted(), f.ordersFound(), f.uncertainAnswers(), f.unansweredOrders(),
                                newOrders)));
        return results;
    }

    private static Result paidOnce(PlatformFigures f) {
        List<PlatformFigures.PaymentOfOrder> bad = f.paidOrders().stream().filter(p -> !p.succeededOnce()).toList();
        long newPaid = f.paid() - f.paidBefore();
        boolean countsAgree = newPaid == f.paidOrders().size();
        String detail = "%d PAID orders of this run checked, %d paid in the summary since it began"
                .formatted(f.paidOrders().size(), newPaid);
        if (!bad.isEmpty()) {
            detail += "; wrong: " + offenders(bad);
        }
        return new Result("paid-once", "every PAID order has exactly one succeeded payment, charged once",
                bad.isEmpty() && countsAgree, detail);
    }

    private static Result cancelledKeepNoMoney(PlatformFigures f) {
        List<PlatformFigures.PaymentOfOrder> bad = f.cancelledPayments().stream().filter(p -> !p.keepsNoMoney())
                .toList();
        String detail = "%d CANCELLED orders a payment was tried for, %d refunded".formatted(
                f.cancelledPayments().size(), f.cancelledPayments().stream().filter(p -> p.providerRefunds() > 0).count());
        if (!bad.isEmpty()) {
            detail += "; keeping money: " + offenders(bad);
        }
        return new Result("cancelled-refunded", "a CANCELLED order keeps no charge (a late payment is refunded once)",
                bad.isEmpty(), detail);
    }

    private static String offenders(List<PlatformFigures.PaymentOfOrder> bad) {
        return bad.stream().limit(SHOWN_OFFENDERS)
                .map(p -> "%s (payment %s, charges %d, refunds %d)".formatted(p.orderId(),
                        p.status() == null ? "none" : p.status(), p.providerCharges(), p.providerRefunds()))
                .collect(Collectors.joining(", ")) + (bad.size() > SHOWN_OFFENDERS ? ", …" : "");
    }

    private static Result nothingUndelivered(BrokerFigures b) {
        String rule = "no message left undelivered (every service group consumed its topics; "
                + "no half or delayed message undecided or given up)";
        if (!b.reachable()) {
            return new Result("nothing-undelivered", rule, false, "broker metrics unreadable: " + b.error());
        }
        if (!b.sawReserved()) {
            return new Result("nothing-undelivered", rule, false,
                    "the broker's metrics show no log of seckill.reserved: cannot judge consumer lag");
        }
        String lagging = b.undelivered().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        boolean passed = lagging.isEmpty() && b.halfPending() == 0 && b.deadHalfMessages() == 0
                && b.deadDelayedMessages() == 0;
        String detail = "unconsumed %d over %d group/topic pairs%s; half messages undecided %d, dead half %d, "
                .formatted(b.totalUndelivered(), b.undelivered().size(), lagging.isEmpty() ? "" : " (" + lagging + ")",
                        b.halfPending(), b.deadHalfMessages())
                + "dead delayed " + b.deadDelayedMessages();
        return new Result("nothing-undelivered", rule, passed, detail);
    }

    public static boolean allPassed(List<Result> results) {
        return results.stream().allMatch(Result::passed);
    }
}
