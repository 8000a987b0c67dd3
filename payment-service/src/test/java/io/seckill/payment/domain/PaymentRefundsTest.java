package io.seckill.payment.domain;

import io.seckill.common.event.PaymentRefundRequested;
import io.seckill.payment.testing.FakeProvider;
import io.seckill.payment.testing.InMemoryPayments;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentRefundsTest {

    private static final OrderSnapshot ORDER = new OrderSnapshot("o1", "a1", "u1", OrderStatus.PENDING_PAYMENT, 700);

    private final InMemoryPayments payments = new InMemoryPayments();
    private final FakeProvider provider = new FakeProvider();
    private final PaymentRefunds refunds = new PaymentRefunds(payments, provider, Clock.systemUTC());

    @Test
    void succeededPaymentIsRefundedOnceHoweverOftenItIsRequested() {
        succeededPayment("p1");

        assertThat(refunds.refund(request("p1", "o1"))).isEqualTo(RefundOutcome.REFUNDED);
        assertThat(refunds.refund(request("p1", "o1"))).isEqualTo(RefundOutcome.ALREADY_REFUNDED);

        assertThat(provider.refunds()).containsOnlyKeys("p1");
        assertThat(payments.findById("p1").orElseThrow().status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void providerFailureLeavesThePaymentSucceededForTheRetry() {
        succeededPayment("p1");
        provider.failNext(1);

        assertThatThrownBy(() -> refunds.refund(request("p1", "o1"))).isInstanceOf(ProviderUnavailableException.class);
        assertThat(payments.findById("p1").orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);

        assertThat(refunds.refund(request("p1", "o1"))).isEqualTo(RefundOutcome.REFUNDED);
        assertThat(provider.refunds()).hasSize(1);
    }

    @Test
    void unknownOrMismatchedOrUnconfirmedPaymentsAreNotRefunded() {
        succeededPayment("p1");
        Instant now = Instant.now();
        payments.store(Payment.pending("p2", new OrderSnapshot("o2", "a1", "u1", OrderStatus.PENDING_PAYMENT, 5),
                now, now));

        assertThat(refunds.refund(request("p-unknown", "o1"))).isEqualTo(RefundOutcome.UNKNOWN_PAYMENT);
        assertThat(refunds.refund(request("p1", "o-other"))).isEqualTo(RefundOutcome.UNKNOWN_PAYMENT);
        assertThat(refunds.refund(request("p2", "o2"))).isEqualTo(RefundOutcome.NOT_CHARGED);
        assertThat(provider.refunds()).isEmpty();
    }

    private void succeededPayment(String paymentId) {
        Instant now = Instant.now();
        payments.store(Payment.pending(paymentId, ORDER, now, now));
        payments.markSucceeded(paymentId, "ch-1", now);
    }

    private static PaymentRefundRequested request(String paymentId, String orderId) {
        return new PaymentRefundRequested(paymentId, orderId, 700, Instant.now());
    }
}
