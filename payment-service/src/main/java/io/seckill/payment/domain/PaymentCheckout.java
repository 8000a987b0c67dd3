package io.seckill.payment.domain;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.id.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/payments}: pays an order once, however many requests for it arrive, on however many instances.
 *
 * <p>The order is read from order-service (its owner only; cancelled orders are not payable). Then the payment row,
 * unique per order, decides who charges: the request that inserts it, or later the one that claims a pending payment
 * whose previous charger gave up (the provider failed) or died (its lease expired). Only a claim holder charges, and
 * always with the payment id as idempotency key, so even two chargers after an expired lease book one charge. The
 * charge is confirmed by the half message {@code payment.succeeded} whose local transaction is the guarded
 * PENDING → SUCCEEDED update.
 *
 * <p>A request that finds the payment claimed by another polls it for up to {@link ChargeSettings#inProgressWait()}
 * and answers the same payment once it succeeded, else 503 {@code BUSY} (a retry then gets the payment). A provider
 * failure releases the claim and answers {@code BUSY}: the payment stays pending and the next request retries its
 * charge. Thread-safe.
 */
public final class PaymentCheckout {

    private static final Logger log = LoggerFactory.getLogger(PaymentCheckout.class);

    private final OrderDirectory orders;
    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final PaymentPublisher publisher;
    private final ChargeSettings settings;
    private final Clock clock;

    public PaymentCheckout(OrderDirectory orders, PaymentRepository payments, PaymentProvider provider,
                           PaymentPublisher publisher, ChargeSettings settings, Clock clock) {
        this.orders = Objects.requireNonNull(orders, "orders");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Pays the user's order, or returns its payment if it was paid before.
     *
     * @return the order's payment, {@link PaymentStatus#SUCCEEDED}
     * @throws ServiceException {@code NOT_FOUND} (no such order, or another user's), {@code ORDER_NOT_PAYABLE}
     *                          (cancelled), {@code BUSY} (order-service, the provider or the broker unavailable, or
     *                          another request still charging the order)
     */
    public Payment pay(String orderId, String userId) {
        OrderSnapshot order = orders.find(orderId)
                .filter(found -> found.userId().equals(userId))
                .orElseThrow(() -> ServiceException.notFound("order", orderId));
        if (order.status() == OrderStatus.CANCELLED) {
            throw notPayable(orderId, "is cancelled");
        }
        Instant giveUpAt = clock.instant().plus(settings.inProgressWait());
        while (true) {
            Optional<Payment> existing = payments.findByOrderId(orderId);
            Optional<Payment> paid = existing.isPresent() ? advance(existing.get()) : start(order);
            if (paid.isPresent()) {
                return paid.get();
            }
            if (!clock.instant().isBefore(giveUpAt)) {
                throw new ServiceException(ErrorCode.BUSY, "a payment of order " + orderId + " is in progress; retry");
            }
            pause();
        }
    }

    /** Inserts the order's payment and charges it; empty if another request inserted one first. */
    private Optional<Payment> start(OrderSnapshot order) {
        if (order.status() == OrderStatus.PAID) {
            // Paid, yet no payment here: never charge what some other record says is paid.
            log.error("order {} is PAID but has no payment in payment-service", order.orderId());
            throw notPayable(order.orderId(), "is already paid");
        }
        Instant now = clock.instant();
        String claimToken = Ids.next();
        Payment pending = Payment.pending(Ids.next(), order, now, now.plus(settings.lease()));
        if (!payments.insertPending(pending, claimToken)) {
            return Optional.empty();
        }
        return Optional.of(charge(pending, claimToken));
    }

    /** The payment if it succeeded; else charges it if this request can claim it; empty while another holds it. */
    private Optional<Payment> advance(Payment payment) {
        return switch (payment.status()) {
            case SUCCEEDED -> Optional.of(payment);
            case REFUNDED -> throw notPayable(payment.orderId(), "was refunded");
            case PENDING -> {
                Instant now = clock.instant();
                String claimToken = Ids.next();
                yield payments.claim(payment.id(), claimToken, now, now.plus(settings.lease()))
                        ? Optional.of(charge(payment, claimToken)) : Optional.empty();
            }
        };
    }

    /** Charges a payment this request claimed and confirms it; the claim is given up if that fails. */
    private Payment charge(Payment pending, String claimToken) {
        try {
            ProviderReceipt receipt = provider.charge(ProviderRequest.of(pending));
            publisher.publishSucceeded(pending, receipt);
        } catch (ProviderUnavailableException e) {
            log.warn("charge of payment {} (order {}) failed; it stays pending for a retry: {}", pending.id(),
                    pending.orderId(), e.getMessage());
            release(pending, claimToken, e);
            throw new ServiceException(ErrorCode.BUSY, "the payment provider is unavailable; retry");
        } catch (RuntimeException e) {
            release(pending, claimToken, e);
            throw e;
        }
        Payment confirmed = payments.findById(pending.id())
                .orElseThrow(() -> new IllegalStateException("payment " + pending.id() + " vanished"));
        return switch (confirmed.status()) {
            case SUCCEEDED -> confirmed;
            case REFUNDED -> throw notPayable(confirmed.orderId(), "was refunded");
            // Only if confirming did not throw yet left it pending, which the publisher's contract rules out.
            case PENDING -> throw new ServiceException(ErrorCode.BUSY,
                    "the payment of order " + pending.orderId() + " is being confirmed; retry");
        };
    }

    /** Best effort: if the database is down too, the lease expires instead. */
    private void release(Payment pending, String claimToken, RuntimeException failure) {
        try {
            payments.release(pending.id(), claimToken);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(settings.pollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ErrorCode.BUSY, "interrupted while waiting for a payment in progress");
        }
    }

    private static ServiceException notPayable(String orderId, String why) {
        return new ServiceException(ErrorCode.ORDER_NOT_PAYABLE, "order " + orderId + " " + why);
    }
}
