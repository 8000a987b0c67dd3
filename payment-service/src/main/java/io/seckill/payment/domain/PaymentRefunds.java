package io.seckill.payment.domain;

import io.seckill.common.event.PaymentRefundRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives back the charge of a payment that arrived after its order was cancelled ({@code payment.refund-requested}):
 * the provider refunds it (idempotency key = payment id), then the guarded update SUCCEEDED → REFUNDED records it.
 *
 * <p>Exactly once however often a request is delivered: a refunded payment is left alone, and a crash between the
 * provider's refund and the update is repaired by the redelivery, whose refund with the same key books nothing new.
 * A provider or database failure propagates, so that the consumer retries the request. Thread-safe.
 */
public final class PaymentRefunds {

    private static final Logger log = LoggerFactory.getLogger(PaymentRefunds.class);

    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final Clock clock;

    public PaymentRefunds(PaymentRepository payments, PaymentProvider provider, Clock clock) {
        this.payments = Objects.requireNonNull(payments, "payments");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Refunds the payment named by {@code request}, once.
     *
     * @throws ProviderUnavailableException the provider failed; retry the request
     */
    public RefundOutcome refund(PaymentRefundRequested request) {
        Optional<Payment> found = payments.findById(request.paymentId())
                .filter(payment -> payment.orderId().equals(request.orderId()));
        if (found.isEmpty()) {
            log.error("refund requested for payment {} of order {}, which does not exist", request.paymentId(),
                    request.orderId());
            return RefundOutcome.UNKNOWN_PAYMENT;
        }
        Payment payment = found.get();
        return switch (payment.status()) {
            case REFUNDED -> RefundOutcome.ALREADY_REFUNDED;
            case PENDING -> {
                log.error("refund requested for payment {} of order {}, which was never confirmed", payment.id(),
                        payment.orderId());
                yield RefundOutcome.NOT_CHARGED;
            }
            case SUCCEEDED -> refundCharged(payment, request);
        };
    }

    private RefundOutcome refundCharged(Payment payment, PaymentRefundRequested request) {
        if (request.amountCents() != payment.amountCents()) {
            // The charge is what is given back, whatever the request says.
            log.warn("refund request for payment {} names {} cents; refunding the {} cents charged", payment.id(),
                    request.amountCents(), payment.amountCents());
        }
        provider.refund(ProviderRequest.of(payment));
        return payments.markRefunded(payment.id(), clock.instant())
                ? RefundOutcome.REFUNDED : RefundOutcome.ALREADY_REFUNDED;
    }
}
