package io.seckill.order.infra.messaging;

import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.TransactionChecker;
import io.seckill.order.domain.OrderStatus;
import io.seckill.order.infra.mysql.OrderMapper;
import io.seckill.order.infra.mysql.OrderMapper.OrderMessages;
import io.seckill.order.infra.mysql.RefundRequestMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Answers the broker's check-backs for every half message of this service (one checker per producer group),
 * dispatching on the {@link OrderTransactionId} kind and answering from MySQL: COMMIT if the row the local
 * transaction writes exists and was written by this very message, ROLLBACK otherwise.
 *
 * <ul>
 *   <li>creation: the order exists and its {@code timeout_message_id} is the message's id;</li>
 *   <li>cancellation: the order is CANCELLED and its {@code cancel_message_id} is the message's id;</li>
 *   <li>refund: the payment's refund request exists and its {@code message_id} is the message's id.</li>
 * </ul>
 *
 * <p>Absent means never written: the rows are read with a shared lock, which waits for a local transaction that is
 * writing them, and a local transaction that starts writing too late rolls back (see
 * {@link HalfMessageLocalTransactions}). A transaction id of another shape answers UNKNOWN, so the coordinator
 * eventually dead-letters and reports the message instead of this service guessing. A database failure throws,
 * which the listener counts and answers as UNKNOWN (asked again later). Thread-safe.
 */
public final class OrderCheckBack implements TransactionChecker {

    private static final Logger log = LoggerFactory.getLogger(OrderCheckBack.class);

    private final OrderMapper orders;
    private final RefundRequestMapper refunds;

    public OrderCheckBack(OrderMapper orders, RefundRequestMapper refunds) {
        this.orders = Objects.requireNonNull(orders, "orders");
        this.refunds = Objects.requireNonNull(refunds, "refunds");
    }

    @Override
    public TransactionState check(HalfMessage message) {
        Optional<OrderTransactionId> id = OrderTransactionId.parse(message.transactionId());
        if (id.isEmpty()) {
            log.warn("check-back for message {} with transaction id '{}', which names no order transaction",
                    message.messageId(), message.transactionId());
            return TransactionState.UNKNOWN;
        }
        String subject = id.get().subject();
        boolean written = switch (id.get().kind()) {
            case ORDER_CREATED -> {
                OrderMessages order = orders.lockMessages(subject);
                yield order != null && message.messageId().equals(order.timeoutMessageId());
            }
            case ORDER_CANCELLED -> {
                OrderMessages order = orders.lockMessages(subject);
                yield order != null && order.status() == OrderStatus.CANCELLED
                        && message.messageId().equals(order.cancelMessageId());
            }
            case REFUND_REQUESTED -> message.messageId().equals(refunds.lockMessageId(subject));
        };
        return written ? TransactionState.COMMIT : TransactionState.ROLLBACK;
    }
}
