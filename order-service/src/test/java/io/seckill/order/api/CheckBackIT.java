package io.seckill.order.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.OrderPaymentTimeout;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.id.Ids;
import io.seckill.common.messaging.Topics;
import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.HalfMessageOptions;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import io.seckill.order.domain.Order;
import io.seckill.order.domain.OrderStatus;
import io.seckill.order.domain.RefundRequest;
import io.seckill.order.infra.messaging.OrderTransactionId;
import io.seckill.order.infra.messaging.OrderTransactionId.Kind;
import io.seckill.order.infra.mysql.OrderMapper;
import io.seckill.order.infra.mysql.RefundRequestMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Check-back of half messages whose sender never decided: answered from the rows their local transactions write. */
class CheckBackIT extends OrderServiceSupport {

    @Autowired
    TransactionChecker checker;

    @Autowired
    TransactionalMessageProducer producer;

    @Autowired
    OrderMapper orders;

    @Autowired
    RefundRequestMapper refunds;

    @Autowired
    MeterRegistry meters;

    @Test
    void checkerCommitsExactlyTheMessageThatWroteTheRow() throws Exception {
        Order order = placed(Ids.next());
        orders.insert(order, "m-created");
        String created = id(Kind.ORDER_CREATED, order.orderId());
        String cancelled = id(Kind.ORDER_CANCELLED, order.orderId());

        assertThat(checker.check(half(created, "m-created"))).isEqualTo(TransactionState.COMMIT);
        assertThat(checker.check(half(created, "m-retried"))).isEqualTo(TransactionState.ROLLBACK);
        assertThat(checker.check(half(id(Kind.ORDER_CREATED, Ids.next()), "m-created")))
                .isEqualTo(TransactionState.ROLLBACK);
        assertThat(checker.check(half(cancelled, "m-cancelled"))).isEqualTo(TransactionState.ROLLBACK);

        orders.markCancelled(order.orderId(), OrderStatus.PENDING_PAYMENT, 0, now(), "m-cancelled");
        assertThat(checker.check(half(cancelled, "m-cancelled"))).isEqualTo(TransactionState.COMMIT);
        assertThat(checker.check(half(cancelled, "m-retried"))).isEqualTo(TransactionState.ROLLBACK);

        String paymentId = Ids.next();
        String refund = id(Kind.REFUND_REQUESTED, paymentId);
        assertThat(checker.check(half(refund, "m-refund"))).isEqualTo(TransactionState.ROLLBACK);
        refunds.insert(new RefundRequest(paymentId, order.orderId(), 100, now()), "m-refund");
        assertThat(checker.check(half(refund, "m-refund"))).isEqualTo(TransactionState.COMMIT);
        assertThat(checker.check(half(refund, "m-retried"))).isEqualTo(TransactionState.ROLLBACK);

        assertThat(checker.check(half("not-an-order-transaction", "m-x"))).isEqualTo(TransactionState.UNKNOWN);
    }

    @Test
    @Timeout(120)
    void undecidedCreationIsDeliveredIfAndOnlyIfItsOrderWasInserted() {
        String activityId = Ids.next();
        Order inserted = placed(activityId);
        Order never = placed(activityId);
        double rollbacksBefore = checkerAnswers("rollback");

        // Both senders "die" after their local transaction: neither tells the broker, so check-back decides.
        producer.send(deadline(inserted), options(inserted), half -> {
            orders.insert(inserted, half.messageId());
            return TransactionState.UNKNOWN;
        });
        producer.send(deadline(never), options(never), half -> TransactionState.UNKNOWN);

        await().atMost(Duration.ofSeconds(60)).until(() -> checkerAnswers("rollback") > rollbacksBefore);
        List<OrderPaymentTimeout> delivered = published(Topics.ORDER_PAYMENT_TIMEOUT, OrderPaymentTimeout.class,
                event -> event.activityId().equals(activityId), 1);
        assertThat(delivered).extracting(OrderPaymentTimeout::orderId).containsExactly(inserted.orderId());
        await().atMost(Duration.ofSeconds(60)).until(() -> "CANCELLED".equals(statuses(activityId)
                .get(inserted.orderId())));
        assertThat(published(Topics.ORDER_CANCELLED, OrderCancelled.class,
                event -> event.activityId().equals(activityId), 1)).extracting(OrderCancelled::orderId)
                .containsExactly(inserted.orderId());
    }

    private static Order placed(String activityId) {
        return Order.placed(new SeckillReserved(Ids.next(), activityId, "checked-" + Ids.next(), PRICE_CENTS,
                Instant.now()), now());
    }

    private static ProducerRecord<byte[], byte[]> deadline(Order order) {
        OrderPaymentTimeout event = new OrderPaymentTimeout(order.orderId(), order.activityId(), order.userId(),
                order.createdAt().plusSeconds(1));
        return new ProducerRecord<>(Topics.ORDER_PAYMENT_TIMEOUT, order.orderId().getBytes(StandardCharsets.UTF_8),
                JSON.writeValueAsBytes(event));
    }

    /** Due a second after the commit; a first check-back one second after sending, then every second. */
    private static HalfMessageOptions options(Order order) {
        return HalfMessageOptions.DEFAULTS.withTransactionId(id(Kind.ORDER_CREATED, order.orderId()))
                .withDelay(Duration.ofSeconds(1)).withTransactionTimeout(Duration.ofSeconds(1))
                .withCheckInterval(Duration.ofSeconds(1));
    }

    private static String id(Kind kind, String subject) {
        return new OrderTransactionId(kind, subject).format();
    }

    private static HalfMessage half(String transactionId, String messageId) {
        return new HalfMessage(messageId, transactionId, "order-service", Topics.ORDER_PAYMENT_TIMEOUT, null, null,
                new RecordHeaders());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private double checkerAnswers(String outcome) {
        return meters.get("mq.checker.answers").tag("group", "order-service").tag("outcome", outcome)
                .counter().count();
    }
}
