package io.seckill.system;

import io.seckill.system.harness.Attempt;
import io.seckill.system.harness.ConsumerGroups;
import io.seckill.system.harness.OrderView;
import io.seckill.system.harness.Parallel;
import io.seckill.system.harness.Platform;
import io.seckill.system.harness.SaleRecords;
import io.seckill.system.harness.SaleState;
import io.seckill.system.harness.Storefront;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forced duplicate delivery: every business message of a finished sale is written to its topic a second time,
 * byte for byte with the same message id, as a consumer would see a redelivery. Every consumer must recognise it.
 */
class DuplicateDeliveryIT {

    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final Platform PLATFORM = Platform.withPaymentTimeout(PAYMENT_TIMEOUT);

    @Test
    @Timeout(360)
    void everyMessageDeliveredTwiceLeavesTheBooksAsTheyWere() {
        Storefront storefront = PLATFORM.storefront();
        SaleRecords records = new SaleRecords(PLATFORM.bootstrapServers());
        String activityId = storefront.openSale(20, 1);
        List<Attempt> attempts = storefront.crowd(activityId,
                IntStream.range(0, 30).mapToObj(i -> "twice-" + activityId + "-" + i).toList(), 30);
        List<Attempt> sold = attempts.stream().filter(Attempt::accepted).toList();
        assertThat(sold).hasSize(20);
        Parallel.map(sold.subList(0, 10), 10, attempt -> {
            storefront.awaitOrder(attempt.userId(), attempt.orderId(), Duration.ofSeconds(60));
            return storefront.pay(attempt.userId(), attempt.orderId());
        }).forEach(payment -> assertThat(payment.succeeded()).as(payment.toString()).isTrue());
        SaleState before = SaleState.awaitQuiet(storefront, activityId, 1, QUIET_TIMEOUT, state -> {
            assertThat(state.orders().paid()).isEqualTo(10);
            assertThat(state.orders().cancelled()).isEqualTo(10);
        });
        Set<String> orderIds = sold.stream().map(Attempt::orderId).collect(Collectors.toSet());
        Map<String, String> statusesBefore = statuses(storefront, sold);
        List<ConsumerRecord<byte[], byte[]>> delivered = records.everything(activityId, orderIds);
        Map<String, Integer> messagesBefore = messageCounts(records, activityId, orderIds);

        records.log().republish(delivered);
        new ConsumerGroups(PLATFORM.bootstrapServers()).awaitCaughtUp(QUIET_TIMEOUT);

        SaleState after = SaleState.awaitQuiet(storefront, activityId, 1, QUIET_TIMEOUT, state -> { });
        assertThat(after).isEqualTo(before);
        assertThat(statuses(storefront, sold)).isEqualTo(statusesBefore);
        assertThat(messageCounts(records, activityId, orderIds)).as("distinct messages per topic")
                .isEqualTo(messagesBefore);
        assertThat(before.stock().mysqlRemaining()).isEqualTo(10);
        assertThat(delivered.stream().map(ConsumerRecord::topic).distinct()).as("topics replayed")
                .contains("seckill.reserved", "order.payment-timeout", "order.cancelled", "payment.succeeded");
    }

    private static Map<String, String> statuses(Storefront storefront, List<Attempt> sold) {
        return sold.stream().collect(Collectors.toMap(Attempt::orderId,
                a -> storefront.order(a.userId(), a.orderId()).map(OrderView::status).orElse("MISSING")));
    }

    /**
     * Distinct message ids per business topic: a consumer that took a redelivery for a new message would emit new
     * events (another cancellation, another refund request), which shows here.
     */
    private static Map<String, Integer> messageCounts(SaleRecords records, String activityId, Set<String> orderIds) {
        return records.everything(activityId, orderIds).stream().collect(Collectors.groupingBy(
                ConsumerRecord::topic, Collectors.collectingAndThen(
                        Collectors.mapping(SaleRecords::messageId, Collectors.toSet()), Set::size)));
    }
}
