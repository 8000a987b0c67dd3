package io.seckill.system;

import io.seckill.system.harness.Attempt;
import io.seckill.system.harness.OrderSummary;
import io.seckill.system.harness.Platform;
import io.seckill.system.harness.SaleRecords;
import io.seckill.system.harness.SaleState;
import io.seckill.system.harness.Storefront;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The seckill from the crowd's first request to the created orders, across inventory- and order-service. */
class SeckillFlowIT {

    /** Long enough that no order of these tests times out while they count pending orders. */
    @RegisterExtension
    static final Platform PLATFORM = Platform.withPaymentTimeout(Duration.ofMinutes(30));

    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(120);

    private Storefront storefront;

    @BeforeEach
    void storefront() {
        storefront = PLATFORM.storefront();
    }

    @Test
    @Timeout(300)
    void crowdOfTwoThousandDistinctUsersBuysExactlyTheStockAndEveryOrderIsCreated() {
        String activityId = storefront.openSale(100, 1);
        List<String> users = IntStream.range(0, 2_000).mapToObj(i -> "crowd-" + activityId + "-" + i).toList();

        List<Attempt> attempts = storefront.crowd(activityId, users, 200);

        Map<Integer, Long> byStatus = attempts.stream()
                .collect(Collectors.groupingBy(Attempt::status, Collectors.counting()));
        assertThat(byStatus).containsOnly(Map.entry(202, 100L), Map.entry(409, 1_900L));
        assertThat(attempts.stream().filter(a -> a.status() == 409))
                .allSatisfy(a -> assertThat(a.code()).isEqualTo("SOLD_OUT"));
        Set<String> orderIds = attempts.stream().filter(Attempt::accepted).map(Attempt::orderId)
                .collect(Collectors.toSet());
        assertThat(orderIds).hasSize(100);

        SaleState quiet = SaleState.awaitQuiet(storefront, activityId, 1, QUIET_TIMEOUT,
                state -> assertThat(state.orders()).isEqualTo(new OrderSummary(100, 0, 0, 100, 1)));
        assertThat(quiet.stock().mysqlRemaining()).isZero();
        assertThat(quiet.stock().redisRemaining()).isZero();
        assertThat(quiet.stock().liveReservations()).isEqualTo(100);
        assertEveryAcceptedOrderExistsForItsBuyer(activityId, attempts);
        assertThat(new SaleRecords(PLATFORM.bootstrapServers()).reserved(activityId))
                .extracting(SaleRecords::messageId).doesNotHaveDuplicates().hasSize(100);
    }

    @Test
    @Timeout(300)
    void fiveHundredUsersTryingFourTimesEachNeverHoldTwoUnits() {
        String activityId = storefront.openSale(1_000, 1);
        List<String> tries = new ArrayList<>();
        IntStream.range(0, 500).forEach(i -> Collections.nCopies(4, "eager-" + activityId + "-" + i)
                .forEach(tries::add));
        // The same user's tries land at different moments among everyone else's.
        Collections.shuffle(tries, new Random(42));

        List<Attempt> attempts = storefront.crowd(activityId, tries, 200);

        Map<String, List<Attempt>> byUser = attempts.stream().collect(Collectors.groupingBy(Attempt::userId));
        assertThat(byUser).hasSize(500).allSatisfy((user, own) -> {
            assertThat(own.stream().filter(Attempt::accepted)).as(user).hasSize(1);
            assertThat(own.stream().filter(a -> !a.accepted()))
                    .allSatisfy(a -> assertThat(a.refusedWith("ALREADY_PURCHASED")).as(a.toString()).isTrue());
        });

        SaleState quiet = SaleState.awaitQuiet(storefront, activityId, 1, QUIET_TIMEOUT,
                state -> assertThat(state.orders()).isEqualTo(new OrderSummary(500, 0, 0, 500, 1)));
        assertThat(quiet.stock().mysqlRemaining()).isEqualTo(500);
        assertThat(quiet.stock().liveReservations()).isEqualTo(500);
        assertEveryAcceptedOrderExistsForItsBuyer(activityId, attempts);
    }

    /** Each accepted attempt's order exists, owned by its buyer, and is that buyer's only order of the sale. */
    private void assertEveryAcceptedOrderExistsForItsBuyer(String activityId, List<Attempt> attempts) {
        for (Attempt accepted : attempts.stream().filter(Attempt::accepted).toList()) {
            assertThat(storefront.orders(accepted.userId(), activityId)).singleElement().satisfies(order -> {
                assertThat(order.orderId()).isEqualTo(accepted.orderId());
                assertThat(order.userId()).isEqualTo(accepted.userId());
                assertThat(order.status()).isEqualTo("PENDING_PAYMENT");
                assertThat(order.amountCents()).isEqualTo(1_999);
            });
        }
    }
}
