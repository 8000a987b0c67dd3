package io.seckill.system.harness;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What inventory-service and order-service say about one sale at one moment, and the invariants of
 * ARCHITECTURE.md between the two once the system is quiet:
 * {@code initial = mysqlRemaining + liveReservations}, {@code redisRemaining = mysqlRemaining},
 * {@code orders not CANCELLED = liveReservations}, no buyer over {@code perUserLimit}.
 */
public record SaleState(StockReport stock, OrderSummary orders) {

    /** How long a quiet state must stay unchanged before it counts as settled. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    /** Both services' books now. */
    public static SaleState read(Storefront storefront, String activityId) {
        return new SaleState(storefront.stock(activityId), storefront.summary(activityId));
    }

    /** Asserts the cross-service invariants; {@code maxPerBuyer} counts orders a buyer holds. */
    public void assertInvariants(int perUserLimit) {
        assertThat(stock.mysqlRemaining() + stock.liveReservations())
                .as("initial = mysqlRemaining + liveReservations in %s", this).isEqualTo(stock.initialStock());
        assertThat(stock.redisRemaining()).as("redisRemaining = mysqlRemaining in %s", this)
                .isEqualTo(stock.mysqlRemaining());
        assertThat(orders.notCancelled()).as("orders not CANCELLED = liveReservations in %s", this)
                .isEqualTo(stock.liveReservations());
        assertThat(orders.maxPerBuyer()).as("no buyer over perUserLimit in %s", this).isLessThanOrEqualTo(perUserLimit);
    }

    /**
     * Waits until {@code expected} holds and the invariants hold, then until two reads {@link #SETTLE} apart agree
     * (nothing left in flight that would still change the books); returns that state.
     */
    public static SaleState awaitQuiet(Storefront storefront, String activityId, int perUserLimit,
                                       Duration timeout, java.util.function.Consumer<SaleState> expected) {
        AtomicReference<SaleState> settled = new AtomicReference<>();
        await().atMost(timeout).pollInterval(SETTLE).untilAsserted(() -> {
            SaleState now = read(storefront, activityId);
            expected.accept(now);
            now.assertInvariants(perUserLimit);
            SaleState before = settled.getAndSet(now);
            assertThat(now).as("unchanged for %s", SETTLE).isEqualTo(before);
        });
        return settled.get();
    }
}
