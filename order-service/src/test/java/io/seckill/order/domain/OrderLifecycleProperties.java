package io.seckill.order.domain;

import io.seckill.common.event.OrderPaymentTimeout;
import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.event.SeckillReserved;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order life under any sequence of its events, with duplicates, and with races: before any guarded write, the
 * schedule may let the next pending event run to completion first, as a concurrent consumer would between this
 * handler's read and its write. The store applies whatever the lifecycle asks if the guard holds, so an illegal
 * decision would show in the history.
 *
 * <p>Invariants: every applied transition is PENDING_PAYMENT → PAID or → CANCELLED and there is at most one (never
 * both, terminal stays terminal); the order is created and its deadline announced once; a cancellation is announced
 * exactly when the order ends CANCELLED; every payment that did not pay the order is refunded exactly once (a
 * payment after the cancellation included); an early deadline changes nothing.
 */
class OrderLifecycleProperties {

    private static final Instant CREATED = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final SeckillReserved RESERVED = new SeckillReserved("order-1", "activity-1", "user-1", 4_990,
            CREATED);

    /** The events of one order; payments p1 and p2 stand for a payment and a (buggy) second one. */
    enum Event { RESERVED_AGAIN, DEADLINE, EARLY_DEADLINE, PAYMENT_1, PAYMENT_2 }

    @Property(tries = 2_000)
    void everyScheduleEndsInOneLegalOutcomeWithEachMessageOnce(@ForAll("events") List<Event> events,
                                                                @ForAll("races") List<Boolean> races) {
        Clock afterDeadline = Clock.fixed(CREATED.plus(TIMEOUT).plusSeconds(1), ZoneOffset.UTC);
        Store store = new Store(new ArrayDeque<>(events), races.iterator());
        OrderLifecycle lifecycle = new OrderLifecycle(store, store, afterDeadline, TIMEOUT);
        store.lifecycle = lifecycle;
        Clock atCreation = Clock.fixed(CREATED, ZoneOffset.UTC);
        new OrderLifecycle(store, store, atCreation, TIMEOUT).onReserved(RESERVED);
        store.drain();

        Order last = store.order;
        Statistics.label("final status").collect(last.status());
        Statistics.label("raced").collect(store.racesRun > 0);
        assertThat(store.history).allSatisfy(step -> assertThat(OrderStateMachine.allows(step.from(), step.to()))
                .as(step.toString()).isTrue());
        assertThat(store.history).hasSizeLessThanOrEqualTo(1);
        assertThat(store.deadlinesAnnounced).isEqualTo(1);
        assertThat(store.cancellationsAnnounced).isEqualTo(last.status() == OrderStatus.CANCELLED ? 1 : 0);
        assertThat(store.refundMessages).isEqualTo(store.refunds.size());
        Set<String> expectedRefunds = new HashSet<>(store.paymentsDelivered);
        if (last.status() == OrderStatus.PAID) {
            assertThat(store.paymentsDelivered).contains(last.paymentId());
            expectedRefunds.remove(last.paymentId());
        }
        assertThat(store.refunds.keySet()).isEqualTo(expectedRefunds);
        boolean settled = events.contains(Event.DEADLINE) || !store.paymentsDelivered.isEmpty();
        assertThat(last.status().isTerminal()).isEqualTo(settled);
    }

    @Provide
    Arbitrary<List<Event>> events() {
        return Arbitraries.of(Event.class).list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<Boolean>> races() {
        return Arbitraries.of(true, false).list().ofSize(12);
    }

    /** One applied transition. */
    record Step(OrderStatus from, OrderStatus to) {
    }

    /** One order in memory, guarded like the SQL, recording what was applied and announced. */
    static final class Store implements OrderRepository, OrderTransitions {

        final Deque<Event> pending;
        final Iterator<Boolean> races;
        final List<Step> history = new ArrayList<>();
        final Map<String, RefundRequest> refunds = new LinkedHashMap<>();
        final Set<String> paymentsDelivered = new HashSet<>();
        OrderLifecycle lifecycle;
        Order order;
        int deadlinesAnnounced;
        int cancellationsAnnounced;
        int refundMessages;
        int racesRun;

        Store(Deque<Event> pending, Iterator<Boolean> races) {
            this.pending = pending;
            this.races = races;
        }

        void drain() {
            while (!pending.isEmpty()) {
                deliver(pending.poll());
            }
        }

        private void deliver(Event event) {
            Instant dueAt = CREATED.plus(TIMEOUT);
            switch (event) {
                case RESERVED_AGAIN -> lifecycle.onReserved(RESERVED);
                case DEADLINE -> lifecycle.onPaymentDue(deadline(dueAt));
                case EARLY_DEADLINE -> assertThat(lifecycle.onPaymentDue(deadline(dueAt.plus(TIMEOUT))))
                        .isEqualTo(EventOutcome.NOT_DUE);
                case PAYMENT_1 -> pay("p1");
                case PAYMENT_2 -> pay("p2");
            }
        }

        private void pay(String paymentId) {
            paymentsDelivered.add(paymentId);
            lifecycle.onPaymentSucceeded(new PaymentSucceeded(paymentId, RESERVED.orderId(), RESERVED.userId(),
                    RESERVED.priceCents(), CREATED.plusSeconds(30)));
        }

        private static OrderPaymentTimeout deadline(Instant dueAt) {
            return new OrderPaymentTimeout(RESERVED.orderId(), RESERVED.activityId(), RESERVED.userId(), dueAt);
        }

        /** Before a write, maybe let the next event run first, as a concurrent consumer would. */
        private void maybeRace() {
            maybeRace(event -> true);
        }

        /** Only events that {@code canComeNow} may race (no deadline or payment names an order not yet created). */
        private void maybeRace(Predicate<Event> canComeNow) {
            if (!pending.isEmpty() && canComeNow.test(pending.peek()) && races.hasNext() && races.next()) {
                racesRun++;
                deliver(pending.poll());
            }
        }

        @Override
        public Optional<Order> findById(String orderId) {
            return Optional.ofNullable(order).filter(o -> o.orderId().equals(orderId));
        }

        @Override
        public List<Order> findByOwner(String userId, int limit) {
            return findById(RESERVED.orderId()).stream().toList();
        }

        @Override
        public OrderSummary summarize(String activityId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean create(Order created, Instant paymentDueAt) {
            maybeRace(event -> event == Event.RESERVED_AGAIN);
            if (order != null) {
                return false;
            }
            order = created;
            deadlinesAnnounced++;
            return true;
        }

        @Override
        public boolean pay(Order current, Order paid) {
            return replace(current, paid);
        }

        @Override
        public boolean cancel(Order current, Order cancelled) {
            boolean replaced = replace(current, cancelled);
            if (replaced) {
                cancellationsAnnounced++;
            }
            return replaced;
        }

        @Override
        public boolean requestRefund(RefundRequest refund) {
            maybeRace();
            if (refunds.putIfAbsent(refund.paymentId(), refund) != null) {
                return false;
            }
            refundMessages++;
            return true;
        }

        private boolean replace(Order current, Order next) {
            maybeRace();
            if (order.status() != current.status() || order.version() != current.version()) {
                return false;
            }
            assertThat(next.version()).isEqualTo(current.version() + 1);
            history.add(new Step(current.status(), next.status()));
            order = next;
            return true;
        }
    }
}
