package io.seckill.system;

import io.seckill.system.harness.Attempt;
import io.seckill.system.harness.OrderSummary;
import io.seckill.system.harness.Platform;
import io.seckill.system.harness.SaleRecords;
import io.seckill.system.harness.SaleState;
import io.seckill.system.harness.ServiceProcess;
import io.seckill.system.harness.Storefront;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL of order-service while it turns a backlog of {@code seckill.reserved} into orders: after the restart
 * every reservation is exactly one order with its payment deadline, and every deadline cancels exactly once.
 */
class OrderCrashRecoveryIT {

    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(5);
    private static final int BURST = 1_000;

    @RegisterExtension
    static final Platform PLATFORM = Platform.withPaymentTimeout(PAYMENT_TIMEOUT);

    @Test
    @Timeout(480)
    void killedWhileConsumingABurstEveryReservationBecomesOneOrderThatTimesOutOnce() {
        Storefront storefront = PLATFORM.storefront();
        String activityId = storefront.openSale(BURST, 1);
        ServiceProcess orders = PLATFORM.orders();
        // The reservations pile up in the broker while order-service is down, then arrive as one burst.
        orders.stop();
        List<Attempt> sold = storefront.crowd(activityId,
                IntStream.range(0, BURST).mapToObj(i -> "backlog-" + activityId + "-" + i).toList(), 100);
        assertThat(sold).allSatisfy(attempt -> assertThat(attempt.accepted()).as(attempt.toString()).isTrue());

        orders.relaunch();
        long createdAtKill = await().atMost(Platform.START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> storefront.summary(activityId).total(), created -> created > 0);
        int exit = orders.kill();
        orders.restart(Platform.START_TIMEOUT);

        assertThat(exit).as("exit status of the killed JVM").isEqualTo(ServiceProcess.SIGKILL_EXIT);
        System.out.printf("order-service killed with %d of %d orders created%n", createdAtKill, BURST);
        SaleState quiet = SaleState.awaitQuiet(storefront, activityId, 1, Duration.ofSeconds(240),
                state -> assertThat(state.orders()).isEqualTo(new OrderSummary(0, 0, BURST, 0, 0)));
        assertThat(quiet.stock().mysqlRemaining()).isEqualTo(BURST);
        assertThat(quiet.stock().liveReservations()).isZero();

        Set<String> orderIds = sold.stream().map(Attempt::orderId).collect(Collectors.toSet());
        SaleRecords records = new SaleRecords(PLATFORM.bootstrapServers());
        assertThat(SaleRecords.messageIdsBy(records.paymentTimeouts(activityId), "orderId").keySet())
                .as("orders with a payment deadline").isEqualTo(orderIds);
        assertThat(SaleRecords.messageIdsBy(records.cancellations(activityId), "orderId"))
                .as("cancellation messages per order").hasSize(BURST)
                .allSatisfy((order, ids) -> assertThat(ids).as(order).hasSize(1));
        assertThat(sold).allSatisfy(attempt -> assertThat(storefront.orders(attempt.userId(), activityId))
                .as(attempt.toString()).singleElement()
                .satisfies(order -> assertThat(order.orderId()).isEqualTo(attempt.orderId())));
    }
}
