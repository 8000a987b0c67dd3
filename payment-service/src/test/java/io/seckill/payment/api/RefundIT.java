package io.seckill.payment.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.common.event.PaymentRefundRequested;
import io.seckill.common.messaging.Topics;
import io.seckill.payment.domain.PaymentStatus;
import io.seckill.payment.domain.ProviderBooks;
import io.seckill.payment.infra.provider.SimulatedPaymentProvider.Simulation;
import io.seckill.testsupport.EmbeddedMqBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumer of {@code payment.refund-requested}: each payment refunded once, malformed records skipped. */
class RefundIT extends PaymentServiceSupport {

    /** The amount of every order of this class. */
    private static final long AMOUNT = 4_200;
    private static final KafkaProducer<byte[], byte[]> PRODUCER = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedMqBroker.shared().bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void closeProducer() {
        PRODUCER.close();
    }

    @Test
    void refundRequestedTwiceRefundsOnce() {
        String orderId = newOrder("u-refund", "PENDING_PAYMENT", AMOUNT);
        String paymentId = paid("u-refund", orderId);
        double redeliveriesBefore = refunds("already_refunded");

        send(orderId, request(paymentId, orderId));
        send(orderId, request(paymentId, orderId));

        await().atMost(Duration.ofSeconds(30)).until(() -> refunds("already_refunded") > redeliveriesBefore);
        assertThat(payments.findById(paymentId).orElseThrow().status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(providerBooks.bookedFor(orderId)).isEqualTo(new ProviderBooks.BookedCounts(1, 1));
    }

    @Test
    void refundIsRetriedWhileTheProviderIsDownAndNeverDropped() {
        String orderId = newOrder("u-refund-later", "PENDING_PAYMENT", AMOUNT);
        String paymentId = paid("u-refund-later", orderId);
        provider.simulate(new Simulation(Duration.ofMillis(5), 1.0, 0.0));

        send(orderId, request(paymentId, orderId));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> payments.findById(paymentId).orElseThrow().status() == PaymentStatus.SUCCEEDED);
        provider.simulate(PROVIDER_NORMALLY);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> payments.findById(paymentId).orElseThrow().status() == PaymentStatus.REFUNDED);
        assertThat(providerBooks.bookedFor(orderId).refunds()).isEqualTo(1);
    }

    @Test
    void malformedRecordsAreSkippedAndLaterRequestsStillRefunded() {
        String orderId = newOrder("u-malformed", "PENDING_PAYMENT", AMOUNT);
        String paymentId = paid("u-malformed", orderId);
        double malformedBefore = meters.get("payment.refunds.malformed.records").counter().count();

        // Same key, so the same partition: the valid request is read after the broken ones.
        send(orderId, "not json".getBytes(StandardCharsets.UTF_8));
        send(orderId, null);
        send(orderId, "{\"paymentId\":\"only\"}".getBytes(StandardCharsets.UTF_8));
        send(orderId, request(paymentId, orderId));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> payments.findById(paymentId).orElseThrow().status() == PaymentStatus.REFUNDED);
        assertThat(meters.get("payment.refunds.malformed.records").counter().count())
                .isEqualTo(malformedBefore + 3);
    }

    private double refunds(String outcome) {
        return meters.get("payment.refunds").tag("outcome", outcome).counter().count();
    }

    /** A request as order-service sends it: the amount of the payment, which every order here has. */
    private static byte[] request(String paymentId, String orderId) {
        return JSON.writeValueAsBytes(new PaymentRefundRequested(paymentId, orderId, AMOUNT, Instant.now()));
    }

    private static void send(String key, byte[] value) {
        try {
            PRODUCER.send(new ProducerRecord<>(Topics.PAYMENT_REFUND_REQUESTED,
                    key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("refund request not sent", e.getCause());
        }
    }
}
