package io.seckill.system;

import io.seckill.system.harness.Attempt;
import io.seckill.system.harness.Platform;
import io.seckill.system.harness.SaleRecords;
import io.seckill.system.harness.SaleState;
import io.seckill.system.harness.SeckillLoad;
import io.seckill.system.harness.ServiceProcess;
import io.seckill.system.harness.Storefront;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL of inventory-service while a crowd is buying: requests caught between their half message and its
 * decision are settled by the broker's check-back, answered by the restarted process from Redis.
 */
class InventoryCrashRecoveryIT {

    /** Long enough that every order stays pending, so the books compare unit for unit. */
    @RegisterExtension
    static final Platform PLATFORM = Platform.withPaymentTimeout(Duration.ofMinutes(30));

    private static final long STOCK = 2_000;
    /** The producer group whose instances answer check-backs of seckill.reserved (inventory's application.yml). */
    private static final String INVENTORY_PRODUCER_GROUP = "inventory-service";

    @Test
    @Timeout(420)
    void killedMidBurstTheUndecidedReservationsAreSettledByCheckBackAndTheBooksBalance() {
        Storefront storefront = PLATFORM.storefront();
        String activityId = storefront.openSale(STOCK, 1);
        SeckillLoad load = SeckillLoad.start(storefront, activityId, "crash-" + activityId, 64);
        await().atMost(Duration.ofSeconds(120)).until(() -> load.accepted() >= 100);

        int exit = PLATFORM.inventory().kill();
        PLATFORM.inventory().restart(Platform.START_TIMEOUT);
        int acceptedBeforeRestart = load.accepted();
        await().atMost(Duration.ofSeconds(120)).until(() -> load.accepted() >= acceptedBeforeRestart + 100);
        List<Attempt> attempts = load.stop();

        assertThat(exit).as("exit status of the killed JVM").isEqualTo(ServiceProcess.SIGKILL_EXIT);
        assertThat(attempts).as("requests cut off by the kill").anyMatch(a -> a.status() == Attempt.NO_RESPONSE);
        SaleRecords records = new SaleRecords(PLATFORM.bootstrapServers());
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(records.checkRequests(INVENTORY_PRODUCER_GROUP, activityId + ":"))
                        .as("check-backs of this sale's half messages").isNotEmpty());

        SaleState quiet = SaleState.awaitQuiet(storefront, activityId, 1, Duration.ofSeconds(180),
                state -> assertThat(state.orders().total()).isEqualTo(reservedOrders(records, activityId).size()));
        Set<String> reserved = reservedOrders(records, activityId);
        assertThat(quiet.orders().pendingPayment()).isEqualTo(reserved.size());
        assertThat(quiet.orders().distinctBuyers()).isEqualTo(reserved.size());
        assertThat(quiet.stock().liveReservations()).isEqualTo(reserved.size());
        assertThat(attempts.stream().filter(Attempt::accepted).map(Attempt::orderId))
                .as("every 202 is a delivered reservation").allSatisfy(id -> assertThat(reserved).contains(id));
        assertThat(attempts.stream().filter(a -> a.status() != 202 && a.status() != Attempt.NO_RESPONSE))
                .as("refusals other than the connection cut off by the kill")
                .allSatisfy(a -> assertThat(a.status()).as(a.toString()).isIn(409, 503));
    }

    /** The distinct orders delivered on seckill.reserved for the sale; a redelivered message counts once. */
    private static Set<String> reservedOrders(SaleRecords records, String activityId) {
        List<ConsumerRecord<byte[], byte[]>> reserved = records.reserved(activityId);
        assertThat(SaleRecords.messageIdsBy(reserved, "orderId"))
                .allSatisfy((order, ids) -> assertThat(ids).as("messages reserving " + order).hasSize(1));
        return reserved.stream().map(record -> SaleRecords.text(record, "orderId")).collect(Collectors.toSet());
    }
}
