package io.seckill.payment.infra.messaging;

import io.seckill.common.messaging.Topics;
import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.TransactionState;
import io.seckill.payment.domain.OrderSnapshot;
import io.seckill.payment.domain.OrderStatus;
import io.seckill.payment.domain.Payment;
import io.seckill.payment.testing.InMemoryPayments;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentCheckBackTest {

    private final InMemoryPayments payments = new InMemoryPayments();
    private final PaymentCheckBack checkBack = new PaymentCheckBack(payments, Clock.systemUTC());
    private final Instant now = Instant.now();

    @Test
    void confirmedPaymentsCommitAndUnclaimedPendingOnesRollBack() {
        pending("p-succeeded", "o1", now);
        payments.markSucceeded("p-succeeded", "ch", now);
        pending("p-refunded", "o2", now);
        payments.markSucceeded("p-refunded", "ch", now);
        payments.markRefunded("p-refunded", now);
        pending("p-abandoned", "o3", now.minusSeconds(1));

        assertThat(checkBack.check(half("p-succeeded"))).isEqualTo(TransactionState.COMMIT);
        assertThat(checkBack.check(half("p-refunded"))).isEqualTo(TransactionState.COMMIT);
        assertThat(checkBack.check(half("p-abandoned"))).isEqualTo(TransactionState.ROLLBACK);
        assertThat(checkBack.check(half("p-never"))).isEqualTo(TransactionState.ROLLBACK);
    }

    @Test
    void pendingPaymentWhoseChargerMayStillConfirmItIsAskedAgainLater() {
        pending("p-charging", "o1", now.plusSeconds(30));

        assertThat(checkBack.check(half("p-charging"))).isEqualTo(TransactionState.UNKNOWN);
    }

    private void pending(String paymentId, String orderId, Instant claimedUntil) {
        payments.store(Payment.pending(paymentId,
                new OrderSnapshot(orderId, "a1", "u1", OrderStatus.PENDING_PAYMENT, 100), now, claimedUntil));
    }

    private static HalfMessage half(String transactionId) {
        return new HalfMessage("m-" + transactionId, transactionId, "payment-service", Topics.PAYMENT_SUCCEEDED,
                null, null, new RecordHeaders());
    }
}
