package io.seckill.payment.infra.messaging;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.messaging.Topics;
import io.seckill.mq.client.MqClientException;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.HalfMessageOptions;
import io.seckill.mq.client.txn.LocalTransactionException;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import io.seckill.payment.domain.Payment;
import io.seckill.payment.domain.PaymentPublisher;
import io.seckill.payment.domain.PaymentRepository;
import io.seckill.payment.domain.ProviderReceipt;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes {@code payment.succeeded} as a half message whose local transaction is the guarded PENDING → SUCCEEDED
 * update: it commits if this call made the transition, and rolls back if the payment had already left PENDING
 * (another request confirmed it, with its own message). Key = order id, value = {@link PaymentSucceeded} as JSON,
 * transaction id = payment id, which {@link PaymentCheckBack} answers from the payment's status.
 *
 * <p>When the database fails inside the local transaction the update may or may not have committed: the half message
 * is left undecided for the check-back and the caller gets {@code BUSY}. Thread-safe.
 */
public final class HalfMessagePaymentPublisher implements PaymentPublisher {

    private static final Logger log = LoggerFactory.getLogger(HalfMessagePaymentPublisher.class);

    private final TransactionalMessageProducer producer;
    private final PaymentRepository payments;
    private final JsonMapper json;

    public HalfMessagePaymentPublisher(TransactionalMessageProducer producer, PaymentRepository payments,
                                       JsonMapper json) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public boolean publishSucceeded(Payment payment, ProviderReceipt charge) {
        PaymentSucceeded event = new PaymentSucceeded(payment.id(), payment.orderId(), payment.userId(),
                payment.amountCents(), charge.bookedAt());
        ProducerRecord<byte[], byte[]> message = new ProducerRecord<>(Topics.PAYMENT_SUCCEEDED,
                payment.orderId().getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(event));
        AtomicBoolean transitioned = new AtomicBoolean();
        try {
            producer.send(message, HalfMessageOptions.DEFAULTS.withTransactionId(payment.id()), half -> {
                boolean marked = payments.markSucceeded(payment.id(), charge.reference(), charge.bookedAt());
                transitioned.set(marked);
                return marked ? TransactionState.COMMIT : TransactionState.ROLLBACK;
            });
        } catch (LocalTransactionException e) {
            log.warn("confirming payment {} of order {} failed; check-back will settle message {}", payment.id(),
                    payment.orderId(), e.messageId(), e);
            throw busy();
        } catch (MqClientException | KafkaException e) {
            log.warn("half message for payment {} of order {} was not stored: {}", payment.id(), payment.orderId(),
                    e.toString());
            throw busy();
        }
        return transitioned.get();
    }

    private static ServiceException busy() {
        return new ServiceException(ErrorCode.BUSY, "the payment is charged but not yet confirmed; retry");
    }
}
