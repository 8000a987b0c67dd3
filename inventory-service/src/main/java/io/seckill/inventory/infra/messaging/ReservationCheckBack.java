package io.seckill.inventory.infra.messaging;

import io.seckill.inventory.domain.HotStock;
import io.seckill.mq.client.HalfMessage;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.TransactionChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Answers the broker's check-back about a {@code seckill.reserved} half message left undecided (its sender died or
 * lost the decision): COMMIT if the hot stock holds a reservation for the order, ROLLBACK if it does not.
 *
 * <p>Absent means never made: the reservation script writes the reservation in the same atomic step as the
 * decrement, and reservations are removed only by a release, which follows the order's cancellation and so a
 * delivered message. A transaction id that is not {@link ReservationTransactionId} answers UNKNOWN, so that the
 * coordinator eventually dead-letters and reports the message instead of this instance guessing. A Redis failure
 * throws, which the listener counts and answers as UNKNOWN (asked again later). Thread-safe.
 */
public final class ReservationCheckBack implements TransactionChecker {

    private static final Logger log = LoggerFactory.getLogger(ReservationCheckBack.class);

    private final HotStock hotStock;

    public ReservationCheckBack(HotStock hotStock) {
        this.hotStock = Objects.requireNonNull(hotStock, "hotStock");
    }

    @Override
    public TransactionState check(HalfMessage message) {
        Optional<ReservationTransactionId> id = ReservationTransactionId.parse(message.transactionId());
        if (id.isEmpty()) {
            log.warn("check-back for message {} with transaction id '{}', which names no reservation",
                    message.messageId(), message.transactionId());
            return TransactionState.UNKNOWN;
        }
        return hotStock.reservationOwner(id.get().activityId(), id.get().orderId()).isPresent()
                ? TransactionState.COMMIT : TransactionState.ROLLBACK;
    }
}
