package io.seckill.order.infra.messaging;

import io.seckill.common.event.OrderCancelled;
import io.seckill.common.event.OrderPaymentTimeout;
import io.seckill.common.event.PaymentRefundRequested;
import io.seckill.common.messaging.Topics;
import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.HalfMessageOptions;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import io.seckill.order.domain.Order;
import io.seckill.order.domain.OrderTransitions;
import io.seckill.order.domain.RefundRequest;
import io.seckill.order.infra.messaging.OrderTransactionId.Kind;
import io.seckill.order.infra.mysql.OrderMapper;
import io.seckill.order.infra.mysql.RefundRequestMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@link OrderTransitions} on MySQL and mq-broker: every write that others must hear about is the local transaction
 * of a half message (key = order id, value = the event as JSON), so the row and the message exist both or neither.
 *
 * <ul>
 *   <li>create: the order insert with {@code order.payment-timeout}, delayed by the payment timeout after the commit;</li>
 *   <li>cancel: the guarded PENDING_PAYMENT → CANCELLED update with {@code order.cancelled};</li>
 *   <li>refund: the refund-request insert (unique per payment) with {@code payment.refund-requested};</li>
 *   <li>pay: a plain guarded update; nobody consumes a "paid" event.</li>
 * </ul>
 *
 * <p>Each row records the id of the half message that wrote it, and {@link OrderCheckBack} commits that message and
 * no other: if a local transaction fails with an unknown outcome and the event is retried with a new half message,
 * at most one of the two is ever delivered. A local transaction that finds the row already written rolls its
 * message back. Failures to store the half message, or of the local transaction, propagate: the consumer retries
 * the event. Thread-safe.
 */
public final class HalfMessageOrderTransitions implements OrderTransitions {

    private final TransactionalMessageProducer producer;
    private final OrderMapper orders;
    private final RefundRequestMapper refunds;
    private final HalfMessageLocalTransactions local;
    private final JsonMapper json;
    private final Duration checkBackAfter;

    /** @param checkBackAfter when the coordinator first checks back an undecided half message of this service */
    public HalfMessageOrderTransitions(TransactionalMessageProducer producer, OrderMapper orders,
                                       RefundRequestMapper refunds, TransactionOperations transactions,
                                       JsonMapper json, Duration checkBackAfter) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.orders = Objects.requireNonNull(orders, "orders");
        this.refunds = Objects.requireNonNull(refunds, "refunds");
        this.json = Objects.requireNonNull(json, "json");
        this.checkBackAfter = Objects.requireNonNull(checkBackAfter, "checkBackAfter");
        this.local = new HalfMessageLocalTransactions(transactions, checkBackAfter, System::nanoTime);
    }

    @Override
    public boolean create(Order order, Instant paymentDueAt) {
        OrderPaymentTimeout deadline = new OrderPaymentTimeout(order.orderId(), order.activityId(), order.userId(),
                paymentDueAt);
        // Delivered this long after the commit, which follows createdAt: never before the deadline.
        HalfMessageOptions options = options(Kind.ORDER_CREATED, order.orderId())
                .withDelay(Duration.between(order.createdAt(), paymentDueAt));
        return send(Topics.ORDER_PAYMENT_TIMEOUT, order.orderId(), deadline, options, half -> {
            try {
                orders.insert(order, half.messageId());
                return true;
            } catch (DuplicateKeyException e) {
                return false;
            }
        });
    }

    @Override
    public boolean pay(Order current, Order paid) {
        return orders.markPaid(current.orderId(), current.status(), current.version(), paid.paymentId(),
                paid.paidAt()) == 1;
    }

    @Override
    public boolean cancel(Order current, Order cancelled) {
        OrderCancelled event = new OrderCancelled(current.orderId(), current.activityId(), current.userId(),
                OrderCancelled.PAYMENT_TIMEOUT, cancelled.cancelledAt());
        return send(Topics.ORDER_CANCELLED, current.orderId(), event, options(Kind.ORDER_CANCELLED, current.orderId()),
                half -> orders.markCancelled(current.orderId(), current.status(), current.version(),
                        cancelled.cancelledAt(), half.messageId()) == 1);
    }

    @Override
    public boolean requestRefund(RefundRequest refund) {
        PaymentRefundRequested event = new PaymentRefundRequested(refund.paymentId(), refund.orderId(),
                refund.amountCents(), refund.requestedAt());
        return send(Topics.PAYMENT_REFUND_REQUESTED, refund.orderId(), event,
                options(Kind.REFUND_REQUESTED, refund.paymentId()), half -> {
                    try {
                        refunds.insert(refund, half.messageId());
                        return true;
                    } catch (DuplicateKeyException e) {
                        return false;
                    }
                });
    }

    private HalfMessageOptions options(Kind kind, String subject) {
        return HalfMessageOptions.DEFAULTS.withTransactionId(new OrderTransactionId(kind, subject).format())
                .withTransactionTimeout(checkBackAfter);
    }

    /** Sends the half message and runs {@code write} as its local transaction; true if it committed. */
    private boolean send(String topic, String orderId, Object event, HalfMessageOptions options,
                         Predicate<HalfMessage> write) {
        ProducerRecord<byte[], byte[]> message = new ProducerRecord<>(topic,
                orderId.getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(event));
        long sendStartedNanos = System.nanoTime();
        return producer.send(message, options, half -> local.run(sendStartedNanos, () -> write.test(half)))
                .state() == TransactionState.COMMIT;
    }
}
