package io.seckill.payment.infra.provider;

import io.seckill.common.id.Ids;
import io.seckill.payment.domain.PaymentProvider;
import io.seckill.payment.domain.ProviderBooks;
import io.seckill.payment.domain.ProviderReceipt;
import io.seckill.payment.domain.ProviderRequest;
import io.seckill.payment.domain.ProviderUnavailableException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A payment provider for tests and demos: every call takes {@link Simulation#latency()}, a share
 * {@link Simulation#failureRate()} of calls fails, and of those a share {@link Simulation#lostReplyShare()} fails
 * after booking (the charge happened but its reply was lost, the case idempotency keys exist for).
 *
 * <p>It keeps its books in {@code provider_charge}, in its own transactions (it stands for an external party whose
 * books do not roll back with ours). At most one charge and one refund are booked per idempotency key, enforced by the
 * table's key: a repeated key returns the first booking. Thread-safe; the simulation can be changed at run time.
 */
public final class SimulatedPaymentProvider implements PaymentProvider, ProviderBooks {

    private final ProviderChargeMapper books;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private volatile Simulation simulation;

    public SimulatedPaymentProvider(ProviderChargeMapper books, PlatformTransactionManager transactionManager,
                                    Clock clock, Simulation simulation) {
        this.books = Objects.requireNonNull(books, "books");
        this.ownTransaction = new TransactionTemplate(Objects.requireNonNull(transactionManager, "transactionManager"));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.simulation = Objects.requireNonNull(simulation, "simulation");
    }

    /** How the provider behaves from now on (demos and tests make it fail and recover). */
    public void simulate(Simulation next) {
        this.simulation = Objects.requireNonNull(next, "simulation");
    }

    /** How the provider behaves now. */
    public Simulation simulation() {
        return simulation;
    }

    @Override
    public ProviderReceipt charge(ProviderRequest request) {
        return book(ProviderBooking.Kind.CHARGE, request);
    }

    @Override
    public ProviderReceipt refund(ProviderRequest request) {
        return book(ProviderBooking.Kind.REFUND, request);
    }

    @Override
    public BookedCounts bookedFor(String orderId) {
        return new BookedCounts(books.countForOrder(orderId, ProviderBooking.Kind.CHARGE),
                books.countForOrder(orderId, ProviderBooking.Kind.REFUND));
    }

    private ProviderReceipt book(ProviderBooking.Kind kind, ProviderRequest request) {
        Simulation now = simulation;
        sleep(now.latency());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean fails = random.nextDouble() < now.failureRate();
        boolean replyLost = fails && random.nextDouble() < now.lostReplyShare();
        if (fails && !replyLost) {
            throw new ProviderUnavailableException("simulated provider failure: " + describe(kind, request)
                    + " not booked");
        }
        ProviderBooking booking = Objects.requireNonNull(ownTransaction.execute(status -> bookOnce(kind, request)));
        if (replyLost) {
            throw new ProviderUnavailableException("simulated provider failure: " + describe(kind, request)
                    + " booked as " + booking.reference() + " but the reply was lost");
        }
        return new ProviderReceipt(booking.reference(), booking.bookedAt());
    }

    /**
     * Inserts first and reads only on a duplicate: the insert waits for a concurrent booking of the same key to
     * commit, so the read that follows sees it (a read first would fix an older snapshot that cannot).
     */
    private ProviderBooking bookOnce(ProviderBooking.Kind kind, ProviderRequest request) {
        String prefix = kind == ProviderBooking.Kind.CHARGE ? "ch_" : "re_";
        ProviderBooking booking = new ProviderBooking(kind, request.idempotencyKey(), prefix + Ids.next(),
                request.orderId(), request.amountCents(), clock.instant());
        try {
            books.insert(booking);
            return booking;
        } catch (DuplicateKeyException e) {
            ProviderBooking first = books.find(kind, request.idempotencyKey());
            if (!first.orderId().equals(request.orderId()) || first.amountCents() != request.amountCents()) {
                // A real provider refuses a key reused for a different payment; so does this one.
                throw new IllegalStateException("idempotency key " + request.idempotencyKey() + " was used for "
                        + first.amountCents() + " cents of order " + first.orderId());
            }
            return first;
        }
    }

    private static String describe(ProviderBooking.Kind kind, ProviderRequest request) {
        return kind.name().toLowerCase(Locale.ROOT) + " " + request.idempotencyKey();
    }

    private static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while calling the simulated provider", e);
        }
    }

    /**
     * How the simulated provider behaves.
     *
     * @param latency        how long every call takes; not negative
     * @param failureRate    share of calls that fail, in [0, 1]
     * @param lostReplyShare share of failures that happen after booking, in [0, 1]
     */
    public record Simulation(Duration latency, double failureRate, double lostReplyShare) {

        /** A provider that answers at once and never fails. */
        public static final Simulation RELIABLE = new Simulation(Duration.ZERO, 0, 0);

        public Simulation {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative: " + latency);
            }
            if (!(failureRate >= 0 && failureRate <= 1) || !(lostReplyShare >= 0 && lostReplyShare <= 1)) {
                throw new IllegalArgumentException("failureRate and lostReplyShare must be in [0, 1]");
            }
        }
    }
}
