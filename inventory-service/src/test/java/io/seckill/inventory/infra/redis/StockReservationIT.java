package io.seckill.inventory.infra.redis;

import io.seckill.inventory.domain.ReleaseOutcome;
import io.seckill.inventory.domain.ReservationOutcome;
import io.seckill.inventory.domain.SaleSettings;
import io.seckill.inventory.domain.StockLevels;
import io.seckill.inventory.domain.StockReservation;
import io.seckill.inventory.domain.WarmUpOutcome;
import io.seckill.testsupport.ConcurrentCalls;
import io.seckill.inventory.testing.HotStockProbe;
import io.seckill.testsupport.RedisExtension;
import io.seckill.inventory.testing.TestActivities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.seckill.inventory.domain.ReservationOutcome.ALREADY_PURCHASED;
import static io.seckill.inventory.domain.ReservationOutcome.ENDED;
import static io.seckill.inventory.domain.ReservationOutcome.NOT_STARTED;
import static io.seckill.inventory.domain.ReservationOutcome.NOT_WARMED;
import static io.seckill.inventory.domain.ReservationOutcome.RESERVED;
import static io.seckill.inventory.domain.ReservationOutcome.SOLD_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hot stock against a real redis-server: concurrency, the sale window, release and warm-up. */
@ExtendWith(RedisExtension.class)
@Timeout(60)
class StockReservationIT {

    private static final Duration HOUR = Duration.ofHours(1);

    private final RedissonClient redisson;
    private final RedisHotStock hotStock;
    private final HotStockProbe probe;

    StockReservationIT(RedissonClient redisson) {
        this.redisson = redisson;
        this.hotStock = new RedisHotStock(redisson);
        this.probe = new HotStockProbe(redisson);
    }

    @Test
    void twoThousandBuyersForOneHundredUnitsGetExactlyOneHundredReservations() {
        String activity = openSale("crowd", 100, 1);

        List<ReservationOutcome> outcomes = ConcurrentCalls.run(2_000, 64,
                i -> hotStock.reserve(new StockReservation(activity, "user-" + i, "order-" + i)));

        assertThat(countByOutcome(outcomes)).containsOnly(Map.entry(RESERVED, 100L), Map.entry(SOLD_OUT, 1_900L));
        assertThat(probe.stock(activity)).isZero();
        assertThat(probe.reservations(activity)).hasSize(100);
        assertThat(probe.buyers(activity).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(100, 0, 100));
    }

    @Test
    void eachUserGetsExactlyOneUnitWhenTryingFourTimesAtOnce() {
        String activity = openSale("repeat", 1_000, 1);

        List<ReservationOutcome> outcomes = ConcurrentCalls.run(2_000, 64,
                i -> hotStock.reserve(new StockReservation(activity, "user-" + i % 500, "order-" + i)));

        assertThat(countByOutcome(outcomes))
                .containsOnly(Map.entry(RESERVED, 500L), Map.entry(ALREADY_PURCHASED, 1_500L));
        assertThat(probe.reservationsPerUser(activity)).hasSize(500)
                .allSatisfy((user, units) -> assertThat(units).isOne());
        assertThat(probe.buyers(activity)).isEqualTo(probe.reservationsPerUser(activity));
        assertThat(probe.stock(activity)).isEqualTo(500);
    }

    @Test
    void aUserMayHoldUpToThePerUserLimit() {
        String activity = openSale("limit", 10, 3);

        List<ReservationOutcome> outcomes = ConcurrentCalls.run(5, 5,
                i -> hotStock.reserve(new StockReservation(activity, "alice", "order-" + i)));

        assertThat(countByOutcome(outcomes)).containsOnly(Map.entry(RESERVED, 3L), Map.entry(ALREADY_PURCHASED, 2L));
        assertThat(probe.buyers(activity)).containsExactly(Map.entry("alice", 3L));
    }

    @Test
    void reservationBeforeTheWindowOpensIsNotStartedAndChangesNothing() {
        String activity = TestActivities.newId("early");
        Instant now = probe.serverNow();
        hotStock.warmUp(activity, new SaleSettings(5, now.plus(HOUR), now.plus(HOUR.multipliedBy(2)), 1), false);

        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-1"))).isEqualTo(NOT_STARTED);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(5, 5, 0));
        assertThat(probe.buyers(activity)).isEmpty();
    }

    @Test
    void reservationAfterTheWindowClosesIsEndedAndChangesNothing() {
        String activity = TestActivities.newId("late");
        Instant now = probe.serverNow();
        hotStock.warmUp(activity, new SaleSettings(5, now.minus(HOUR.multipliedBy(2)), now.minus(HOUR), 1), false);

        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-1"))).isEqualTo(ENDED);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(5, 5, 0));
    }

    @Test
    void reservationForAnActivityThatWasNeverWarmedIsNotWarmedAndWritesNoKeys() {
        String activity = TestActivities.newId("cold");

        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-1"))).isEqualTo(NOT_WARMED);
        assertThat(hotStock.stockLevels(activity)).isEmpty();
        assertThat(redisson.getKeys().getKeysByPattern("seckill:{" + activity + "}:*")).isEmpty();
    }

    @Test
    void releaseGivesTheUnitBackExactlyOnceAndLetsTheUserBuyAgain() {
        String activity = openSale("release", 1, 1);
        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-1"))).isEqualTo(RESERVED);
        assertThat(hotStock.reserve(new StockReservation(activity, "bob", "order-2"))).isEqualTo(SOLD_OUT);

        assertThat(hotStock.release(activity, "order-1")).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(hotStock.release(activity, "order-1")).isEqualTo(ReleaseOutcome.NOT_RESERVED);

        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(1, 1, 0));
        assertThat(probe.buyers(activity)).as("a count of zero is removed, not kept").isEmpty();
        assertThat(hotStock.reservationOwner(activity, "order-1")).isEmpty();
        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-3"))).isEqualTo(RESERVED);
    }

    @Test
    void concurrentReleasesOfOneOrderReturnOneUnit() {
        String activity = openSale("double-release", 3, 1);
        hotStock.reserve(new StockReservation(activity, "alice", "order-1"));

        List<ReleaseOutcome> outcomes = ConcurrentCalls.run(20, 20, i -> hotStock.release(activity, "order-1"));

        assertThat(outcomes).containsOnlyOnce(ReleaseOutcome.RELEASED);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(3, 3, 0));
    }

    @Test
    void releasingAnUnknownOrderChangesNothing() {
        String activity = openSale("unknown-release", 2, 1);
        hotStock.reserve(new StockReservation(activity, "alice", "order-1"));

        assertThat(hotStock.release(activity, "order-never-reserved")).isEqualTo(ReleaseOutcome.NOT_RESERVED);
        assertThat(hotStock.release(TestActivities.newId("cold"), "order-1")).isEqualTo(ReleaseOutcome.NOT_RESERVED);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(2, 1, 1));
    }

    @Test
    void warmUpKeepsALiveSaleUnlessForced() {
        String activity = openSale("rewarm", 10, 1);
        hotStock.reserve(new StockReservation(activity, "alice", "order-1"));
        Instant now = probe.serverNow();
        SaleSettings fresh = new SaleSettings(50, now.minus(HOUR), now.plus(HOUR), 2);

        assertThat(hotStock.warmUp(activity, fresh, false)).isEqualTo(WarmUpOutcome.KEPT);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(10, 9, 1));
        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-2"))).isEqualTo(ALREADY_PURCHASED);

        assertThat(hotStock.warmUp(activity, fresh, true)).isEqualTo(WarmUpOutcome.REPLACED);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(50, 50, 0));
        assertThat(probe.buyers(activity)).isEmpty();
        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-3"))).isEqualTo(RESERVED);
    }

    @Test
    void warmUpRepairsAnActivityMissingItsStockKey() {
        String activity = openSale("half-lost", 4, 1);
        redisson.getBucket(RedisKeys.forActivity(activity).stock(), StringCodec.INSTANCE).delete();

        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-1"))).isEqualTo(NOT_WARMED);
        Instant now = probe.serverNow();
        assertThat(hotStock.warmUp(activity, new SaleSettings(4, now.minus(HOUR), now.plus(HOUR), 1), false))
                .isEqualTo(WarmUpOutcome.REPLACED);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(4, 4, 0));
    }

    @Test
    void aRetriedReservationOfTheSameOrderTakesNoSecondUnit() {
        String activity = openSale("retry", 5, 2);

        List<ReservationOutcome> outcomes = ConcurrentCalls.run(10, 10,
                i -> hotStock.reserve(new StockReservation(activity, "alice", "order-1")));

        assertThat(outcomes).containsOnly(RESERVED);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(5, 4, 1));
        assertThat(probe.buyers(activity)).containsExactly(Map.entry("alice", 1L));
    }

    @Test
    void anOrderIdReservedForAnotherUserIsRefusedWithoutChangingAnything() {
        String activity = openSale("collision", 5, 1);
        hotStock.reserve(new StockReservation(activity, "alice", "order-1"));

        assertThatThrownBy(() -> hotStock.reserve(new StockReservation(activity, "bob", "order-1")))
                .isInstanceOf(RedisException.class)
                .hasMessageContaining("ORDER_ID_TAKEN");
        assertThat(hotStock.reservationOwner(activity, "order-1")).contains("alice");
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(5, 4, 1));
    }

    @Test
    void checkBackAnswersFromTheReservationRecord() {
        String activity = openSale("check-back", 1, 1);
        hotStock.reserve(new StockReservation(activity, "alice", "order-1"));
        hotStock.reserve(new StockReservation(activity, "bob", "order-2"));

        assertThat(hotStock.reservationOwner(activity, "order-1")).contains("alice");
        assertThat(hotStock.reservationOwner(activity, "order-2")).as("sold out: nothing recorded").isEmpty();
    }

    @Test
    void scriptsAreLoadedAgainAfterTheServerForgetsThem() {
        String activity = openSale("noscript", 3, 1);
        LuaScript reserve = LuaScript.fromClasspath("redis/reserve.lua");
        redisson.getScript().scriptFlush();
        assertThat(redisson.getScript().scriptExists(reserve.sha1())).containsExactly(false);

        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-1"))).isEqualTo(RESERVED);
        assertThat(redisson.getScript().scriptExists(reserve.sha1())).containsExactly(true);
    }

    private String openSale(String purpose, long stock, int perUserLimit) {
        String activity = TestActivities.newId(purpose);
        Instant now = probe.serverNow();
        SaleSettings settings = new SaleSettings(stock, now.minus(HOUR), now.plus(HOUR), perUserLimit);
        assertThat(hotStock.warmUp(activity, settings, false)).isEqualTo(WarmUpOutcome.WARMED);
        return activity;
    }

    private static Map<ReservationOutcome, Long> countByOutcome(List<ReservationOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
