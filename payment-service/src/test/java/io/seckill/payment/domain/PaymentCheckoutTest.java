package io.seckill.payment.domain;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.payment.testing.FakeProvider;
import io.seckill.payment.testing.InMemoryPayments;
import io.seckill.testsupport.ConcurrentCalls;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentCheckoutTest {

    private final Map<String, OrderSnapshot> orders = new HashMap<>();
    private final InMemoryPayments payments = new InMemoryPayments();
    private final FakeProvider provider = new FakeProvider();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final PaymentPublisher publisher = (payment, charge) -> {
        boolean marked = payments.markSucceeded(payment.id(), charge.reference(), charge.bookedAt());
        if (marked) {
            published.add(payment.id());
        }
        return marked;
    };
    private final PaymentCheckout checkout = checkout(publisher, Duration.ofMillis(200));

    @Test
    void pendingOrderIsChargedOnceAndARepeatAnswersTheSamePayment() {
        order("o1", "u1", OrderStatus.PENDING_PAYMENT, 4_900);

        Payment first = checkout.pay("o1", "u1");
        Payment repeat = checkout.pay("o1", "u1");

        assertThat(first.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(first.amountCents()).isEqualTo(4_900);
        assertThat(repeat.id()).isEqualTo(first.id());
        assertThat(provider.charges()).containsOnlyKeys(first.id());
        assertThat(published).containsExactly(first.id());
    }

    @Test
    void cancelledOrderIsNotPayableAndNothingIsWritten() {
        order("o1", "u1", OrderStatus.CANCELLED, 100);

        assertThatThrownBy(() -> checkout.pay("o1", "u1")).satisfies(code(ErrorCode.ORDER_NOT_PAYABLE));
        assertThat(payments.findByOrderId("o1")).isEmpty();
        assertThat(provider.chargeCalls()).isEmpty();
    }

    @Test
    void anotherUsersOrderAndAnUnknownOrderAreNotFound() {
        order("o1", "owner", OrderStatus.PENDING_PAYMENT, 100);

        assertThatThrownBy(() -> checkout.pay("o1", "intruder")).satisfies(code(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> checkout.pay("o-unknown", "owner")).satisfies(code(ErrorCode.NOT_FOUND));
        assertThat(payments.findByOrderId("o1")).isEmpty();
    }

    @Test
    void providerFailureLeavesThePaymentRetryableWithTheSameIdempotencyKey() {
        order("o1", "u1", OrderStatus.PENDING_PAYMENT, 100);
        provider.failNext(1);

        assertThatThrownBy(() -> checkout.pay("o1", "u1")).satisfies(code(ErrorCode.BUSY));
        Payment pending = payments.findByOrderId("o1").orElseThrow();
        assertThat(pending.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(pending.isClaimedAt(Instant.now())).isFalse();

        Payment paid = checkout.pay("o1", "u1");
        assertThat(paid.id()).isEqualTo(pending.id());
        assertThat(provider.chargeCalls()).extracting(ProviderRequest::idempotencyKey)
                .containsExactly(pending.id(), pending.id());
        assertThat(provider.charges()).hasSize(1);
    }

    @Test
    void requestFindingAnotherChargingTheOrderWaitsThenAnswersBusy() {
        OrderSnapshot order = order("o1", "u1", OrderStatus.PENDING_PAYMENT, 100);
        Instant now = Instant.now();
        payments.store(Payment.pending("p-held", order, now, now.plusSeconds(60)));

        long startNs = System.nanoTime();
        assertThatThrownBy(() -> checkout.pay("o1", "u1")).satisfies(code(ErrorCode.BUSY));
        assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(provider.chargeCalls()).isEmpty();
    }

    @Test
    void paymentWhoseChargerDiedIsTakenOverAfterItsLease() {
        OrderSnapshot order = order("o1", "u1", OrderStatus.PENDING_PAYMENT, 100);
        Instant now = Instant.now();
        payments.store(Payment.pending("p-orphan", order, now.minusSeconds(60), now.minusSeconds(1)));

        Payment paid = checkout.pay("o1", "u1");

        assertThat(paid.id()).isEqualTo("p-orphan");
        assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void paidOrderWithoutAPaymentHereIsNeverCharged() {
        order("o1", "u1", OrderStatus.PAID, 100);

        assertThatThrownBy(() -> checkout.pay("o1", "u1")).satisfies(code(ErrorCode.ORDER_NOT_PAYABLE));
        assertThat(provider.chargeCalls()).isEmpty();
    }

    @Test
    void requestLosingTheConfirmationToAnotherAnswersTheOtherOnesPayment() {
        order("o1", "u1", OrderStatus.PENDING_PAYMENT, 100);
        // Another charger confirms the payment between this request's charge and its own confirmation.
        PaymentPublisher late = (payment, charge) -> {
            payments.markSucceeded(payment.id(), charge.reference(), charge.bookedAt());
            return payments.markSucceeded(payment.id(), charge.reference(), charge.bookedAt());
        };

        Payment paid = checkout(late, Duration.ZERO).pay("o1", "u1");

        assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void concurrentRequestsForOneOrderChargeOnceAndAllAnswerTheSamePayment() {
        order("o1", "u1", OrderStatus.PENDING_PAYMENT, 100);
        PaymentCheckout patient = checkout(publisher, Duration.ofSeconds(5));

        List<String> paymentIds = ConcurrentCalls.run(20, 20, i -> patient.pay("o1", "u1").id());

        assertThat(paymentIds).hasSize(20).containsOnly(paymentIds.getFirst());
        assertThat(provider.charges()).hasSize(1);
        assertThat(published).hasSize(1);
    }

    private OrderSnapshot order(String orderId, String userId, OrderStatus status, long amountCents) {
        OrderSnapshot order = new OrderSnapshot(orderId, "a1", userId, status, amountCents);
        orders.put(orderId, order);
        return order;
    }

    private PaymentCheckout checkout(PaymentPublisher publisher, Duration inProgressWait) {
        OrderDirectory directory = orderId -> Optional.ofNullable(orders.get(orderId));
        return new PaymentCheckout(directory, payments, provider, publisher,
                new ChargeSettings(Duration.ofSeconds(30), inProgressWait, Duration.ofMillis(5)), Clock.systemUTC());
    }

    private static java.util.function.Consumer<Throwable> code(ErrorCode expected) {
        return thrown -> assertThat(thrown).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.code()).isEqualTo(expected));
    }
}
