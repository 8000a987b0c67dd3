package io.seckill.inventory.infra.messaging;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.event.SeckillReserved;
import io.seckill.common.messaging.Topics;
import io.seckill.inventory.domain.HotStock;
import io.seckill.inventory.domain.ReservationOutcome;
import io.seckill.inventory.domain.ReservationPublisher;
import io.seckill.inventory.domain.StockReservation;
import io.seckill.mq.client.MqClientException;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.HalfMessageOptions;
import io.seckill.mq.client.txn.LocalTransactionException;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes {@code seckill.reserved} as a half message whose local transaction is the hot-stock reservation:
 * {@code RESERVED} commits it, every other outcome rolls it back (none of them changed anything, see
 * {@link ReservationOutcome}). Key = order id, value = {@link SeckillReserved} as JSON, transaction id =
 * {@link ReservationTransactionId} so that {@link ReservationCheckBack} can answer from Redis.
 *
 * <p>When Redis fails inside the local transaction the reservation may or may not have been made: the half message
 * is left undecided for the check-back and the caller gets {@code BUSY}. Thread-safe.
 */
public final class HalfMessageReservationPublisher implements ReservationPublisher {

    private static final Logger log = LoggerFactory.getLogger(HalfMessageReservationPublisher.class);

    private final TransactionalMessageProducer producer;
    private final HotStock hotStock;
    private final JsonMapper json;

    public HalfMessageReservationPublisher(TransactionalMessageProducer producer, HotStock hotStock, JsonMapper json) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.hotStock = Objects.requireNonNull(hotStock, "hotStock");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public ReservationOutcome reserveAndPublish(StockReservation reservation, SeckillReserved event) {
        ProducerRecord<byte[], byte[]> message = new ProducerRecord<>(Topics.SECKILL_RESERVED,
                reservation.orderId().getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(event));
        HalfMessageOptions options = HalfMessageOptions.DEFAULTS
                .withTransactionId(ReservationTransactionId.of(reservation).format());
        AtomicReference<ReservationOutcome> outcome = new AtomicReference<>();
        try {
            producer.send(message, options, half -> {
                ReservationOutcome reserved = hotStock.reserve(reservation);
                outcome.set(reserved);
                return reserved == ReservationOutcome.RESERVED ? TransactionState.COMMIT : TransactionState.ROLLBACK;
            });
        } catch (LocalTransactionException e) {
            log.warn("reservation of order {} in activity {} failed; check-back will settle message {}",
                    reservation.orderId(), reservation.activityId(), e.messageId(), e);
            throw busy();
        } catch (MqClientException | KafkaException e) {
            log.warn("half message for order {} in activity {} was not stored: {}",
                    reservation.orderId(), reservation.activityId(), e.toString());
            throw busy();
        }
        return outcome.get();
    }

    private static ServiceException busy() {
        return new ServiceException(ErrorCode.BUSY, "the seckill is temporarily unavailable; retry");
    }
}
