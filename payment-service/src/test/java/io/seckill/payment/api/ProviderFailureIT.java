package io.seckill.payment.api;

import io.seckill.payment.domain.Payment;
import io.seckill.payment.domain.PaymentStatus;
import io.seckill.payment.infra.provider.SimulatedPaymentProvider.Simulation;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A failing provider leaves the payment retryable; the retry charges with the same key, so never twice. */
class ProviderFailureIT extends PaymentServiceSupport {

    @Test
    void chargeWhoseReplyWasLostIsCompletedByTheRetryWithoutASecondCharge() {
        String orderId = newOrder("u-lost", "PENDING_PAYMENT", 1_000);
        provider.simulate(new Simulation(Duration.ofMillis(5), 1.0, 1.0));

        HttpResponse<String> failed = pay("u-lost", orderId);

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
        assertThat(problemCode(failed)).isEqualTo("BUSY");
        Payment pending = payments.findByOrderId(orderId).orElseThrow();
        assertThat(pending.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(providerBooks.bookedFor(orderId).charges()).as("booked, reply lost").isEqualTo(1);
        assertThat(succeededEvents(orderId, 0, Duration.ofSeconds(1))).isEmpty();

        provider.simulate(PROVIDER_NORMALLY);
        String paymentId = paid("u-lost", orderId);

        assertThat(paymentId).isEqualTo(pending.id());
        assertThat(providerBooks.bookedFor(orderId).charges()).isEqualTo(1);
        assertThat(succeededEvents(orderId, 1, Duration.ofSeconds(2))).singleElement()
                .satisfies(event -> assertThat(event.paymentId()).isEqualTo(paymentId));
    }

    @Test
    void chargeRefusedBeforeBookingChargesNothingUntilTheProviderRecovers() {
        String orderId = newOrder("u-down", "PENDING_PAYMENT", 1_000);
        provider.simulate(new Simulation(Duration.ofMillis(5), 1.0, 0.0));

        assertThat(pay("u-down", orderId).statusCode()).isEqualTo(503);
        assertThat(pay("u-down", orderId).statusCode()).isEqualTo(503);
        assertThat(providerBooks.bookedFor(orderId).charges()).isZero();

        provider.simulate(PROVIDER_NORMALLY);
        paid("u-down", orderId);
        assertThat(providerBooks.bookedFor(orderId).charges()).isEqualTo(1);
    }
}
