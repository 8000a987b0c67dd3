package io.seckill.payment.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.PaymentSucceeded;
import io.seckill.common.id.Ids;
import io.seckill.common.messaging.Topics;
import io.seckill.mq.client.MqContract;
import io.seckill.mq.client.TransactionState;
import io.seckill.mq.client.txn.HalfMessageOptions;
import io.seckill.mq.client.txn.TransactionalMessageProducer;
import io.seckill.payment.domain.OrderSnapshot;
import io.seckill.payment.domain.OrderStatus;
import io.seckill.payment.domain.Payment;
import io.seckill.testsupport.TopicReader;
import io.seckill.testsupport.EmbeddedMqBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Check-back of {@code payment.succeeded} half messages whose sender never decided: answered from the payment. */
class PaymentCheckBackIT extends PaymentServiceSupport {

    @Autowired
    TransactionalMessageProducer producer;

    @Autowired
    MeterRegistry meters;

    @Test
    @Timeout(90)
    void undecidedHalfMessageIsDeliveredIfAndOnlyIfItsPaymentSucceeded() {
        String paidOrder = newOrder("u-check", "PENDING_PAYMENT", 100);
        String succeededId = paid("u-check", paidOrder);
        Instant now = Instant.now();
        Payment abandoned = Payment.pending(Ids.next(), new OrderSnapshot("abandoned-" + paidOrder, "a", "u-check",
                OrderStatus.PENDING_PAYMENT, 100), now, now);
        assertThat(payments.insertPending(abandoned, "dead-charger")).isTrue();
        double rollbacksBefore = checkerAnswers("rollback");
        String committedMessage = "check-commit-" + succeededId;
        String rolledBackMessage = "check-rollback-" + abandoned.id();

        // Both senders "die" before deciding: only the check-back can settle their messages.
        producer.send(message(committedMessage, succeededId, paidOrder), options(succeededId),
                half -> TransactionState.UNKNOWN);
        producer.send(message(rolledBackMessage, abandoned.id(), abandoned.orderId()), options(abandoned.id()),
                half -> TransactionState.UNKNOWN);

        await().atMost(Duration.ofSeconds(60)).until(() -> checkerAnswers("rollback") > rollbacksBefore);
        Set<String> mine = Set.of(committedMessage, rolledBackMessage);
        List<ConsumerRecord<byte[], byte[]>> delivered = TopicReader.read(
                EmbeddedMqBroker.shared().bootstrapServers(), Topics.PAYMENT_SUCCEEDED,
                record -> mine.contains(messageId(record)), records -> !records.isEmpty(),
                Duration.ofSeconds(3), Duration.ofSeconds(60));
        assertThat(delivered).extracting(PaymentCheckBackIT::messageId).containsExactly(committedMessage);
    }

    private static ProducerRecord<byte[], byte[]> message(String messageId, String paymentId, String orderId) {
        PaymentSucceeded event = new PaymentSucceeded(paymentId, orderId, "u-check", 100, Instant.now());
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.PAYMENT_SUCCEEDED,
                orderId.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(event));
        record.headers().add(MqContract.Headers.MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** A first check-back one second after sending, then every second. */
    private static HalfMessageOptions options(String paymentId) {
        return HalfMessageOptions.DEFAULTS.withTransactionId(paymentId)
                .withTransactionTimeout(Duration.ofSeconds(1)).withCheckInterval(Duration.ofSeconds(1));
    }

    private double checkerAnswers(String outcome) {
        return meters.get("mq.checker.answers").tag("group", "payment-service").tag("outcome", outcome)
                .counter().count();
    }

    private static String messageId(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MqContract.Headers.MESSAGE_ID);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
