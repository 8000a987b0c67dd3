package io.seckill.inventory.infra.redis;

import io.seckill.inventory.domain.ReservationOutcome;
import io.seckill.inventory.domain.SaleSettings;
import io.seckill.inventory.domain.StockLevels;
import io.seckill.inventory.domain.StockReservation;
import io.seckill.inventory.domain.WarmUpOutcome;
import io.seckill.testsupport.EmbeddedRedis;
import io.seckill.inventory.testing.HotStockProbe;
import io.seckill.testsupport.RedisExtension;
import io.seckill.inventory.testing.TestActivities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis restart without persistence (the embedded default): the hot state is gone, so the sale stops with
 * NOT_WARMED rather than selling from a stock it no longer knows, and a new warm-up resumes it with the scripts
 * loaded again. Restarts the shared server, so it must not overlap other Redis tests (classes run one at a time).
 */
@ExtendWith(RedisExtension.class)
@Timeout(60)
class RedisRestartIT {

    @Test
    void afterARestartTheSaleIsNotWarmedUntilWarmedAgain(EmbeddedRedis redis) {
        RedisHotStock hotStock = new RedisHotStock(redis.client());
        HotStockProbe probe = new HotStockProbe(redis.client());
        String activity = TestActivities.newId("restart");
        Instant now = probe.serverNow();
        SaleSettings settings = new SaleSettings(2, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), 1);
        hotStock.warmUp(activity, settings, false);
        assertThat(hotStock.reserve(new StockReservation(activity, "alice", "order-1")))
                .isEqualTo(ReservationOutcome.RESERVED);

        redis.stop();
        redis.start();

        assertThat(hotStock.reserve(new StockReservation(activity, "bob", "order-2")))
                .isEqualTo(ReservationOutcome.NOT_WARMED);
        assertThat(hotStock.warmUp(activity, settings, false)).isEqualTo(WarmUpOutcome.WARMED);
        assertThat(hotStock.reserve(new StockReservation(activity, "bob", "order-2")))
                .isEqualTo(ReservationOutcome.RESERVED);
        assertThat(hotStock.stockLevels(activity)).contains(new StockLevels(2, 1, 1));
    }
}
