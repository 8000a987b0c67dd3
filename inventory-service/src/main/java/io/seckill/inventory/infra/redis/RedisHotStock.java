package io.seckill.inventory.infra.redis;

import io.seckill.inventory.domain.HotStock;
import io.seckill.inventory.domain.LiveReservation;
import io.seckill.inventory.domain.RestoreOutcome;
import io.seckill.inventory.domain.ReleaseOutcome;
import io.seckill.inventory.domain.ReservationOutcome;
import io.seckill.inventory.domain.SaleSettings;
import io.seckill.inventory.domain.StockLevels;
import io.seckill.inventory.domain.StockReservation;
import io.seckill.inventory.domain.WarmUpOutcome;
import org.redisson.api.RScript;
import org.redisson.api.RScript.Mode;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hot stock in Redis: every operation is one Lua script over the keys of one activity ({@link RedisKeys}).
 *
 * <p>Because each script runs atomically on the one node that owns the activity's slot, the invariants stated in
 * {@code redis/reserve.lua} hold across all inventory-service instances without locks: {@code stock >= 0},
 * {@code stock + reservations = initialStock}, and every buyer's count equals their reservations and stays within
 * {@code perUserLimit}. The keys must not be evicted ({@code maxmemory-policy noeviction} or no memory limit).
 *
 * <p>Thread-safe: Redisson's client is, and this class holds no mutable state.
 */
public final class RedisHotStock implements HotStock {

    private final RScript script;
    private final LuaScript reserve = LuaScript.fromClasspath("redis/reserve.lua");
    private final LuaScript release = LuaScript.fromClasspath("redis/release.lua");
    private final LuaScript warmUp = LuaScript.fromClasspath("redis/warm_up.lua");
    private final LuaScript reservationOwner = LuaScript.fromClasspath("redis/reservation_owner.lua");
    private final LuaScript stockLevels = LuaScript.fromClasspath("redis/stock_levels.lua");
    private final LuaScript reservations = LuaScript.fromClasspath("redis/reservations.lua");
    private final LuaScript restore = LuaScript.fromClasspath("redis/restore.lua");

    /** Uses {@code redisson} for every call; plain strings on the wire so the scripts compare ids as text. */
    public RedisHotStock(RedissonClient redisson) {
        this.script = Objects.requireNonNull(redisson, "redisson").getScript(StringCodec.INSTANCE);
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.redisson.client.RedisException if the order id is already reserved for another user (order ids
     *                                            must be unique) or Redis cannot be reached
     */
    @Override
    public ReservationOutcome reserve(StockReservation reservation) {
        RedisKeys keys = RedisKeys.forActivity(reservation.activityId());
        Object reply = reserve.run(script, Mode.READ_WRITE, ReturnType.VALUE,
                List.of(keys.meta(), keys.stock(), keys.buyers(), keys.reservations()),
                reservation.userId(), reservation.orderId());
        return ScriptReplies.outcome(ReservationOutcome.class, reserve.name(), reply);
    }

    @Override
    public ReleaseOutcome release(String activityId, String orderId) {
        RedisKeys keys = RedisKeys.forActivity(activityId);
        Object reply = release.run(script, Mode.READ_WRITE, ReturnType.VALUE,
                List.of(keys.stock(), keys.buyers(), keys.reservations()), Objects.requireNonNull(orderId, "orderId"));
        return ScriptReplies.outcome(ReleaseOutcome.class, release.name(), reply);
    }

    @Override
    public WarmUpOutcome warmUp(String activityId, SaleSettings settings, List<LiveReservation> live, boolean force) {
        RedisKeys keys = RedisKeys.forActivity(activityId);
        List<Object> args = new ArrayList<>(5 + 2 * live.size());
        args.add(Long.toString(settings.stock()));
        args.add(Long.toString(settings.startsAt().toEpochMilli()));
        args.add(Long.toString(settings.endsAt().toEpochMilli()));
        args.add(Integer.toString(settings.perUserLimit()));
        args.add(force ? "1" : "0");
        addPairs(args, live);
        Object reply = warmUp.run(script, Mode.READ_WRITE, ReturnType.VALUE,
                List.of(keys.meta(), keys.stock(), keys.buyers(), keys.reservations()), args.toArray());
        return ScriptReplies.outcome(WarmUpOutcome.class, warmUp.name(), reply);
    }

    @Override
    public Map<String, String> reservations(String activityId) {
        List<String> flat = reservations.run(script, Mode.READ_WRITE, ReturnType.LIST,
                List.of(RedisKeys.forActivity(activityId).reservations()));
        Map<String, String> byOrder = new HashMap<>(flat.size());
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            byOrder.put(flat.get(i), flat.get(i + 1));
        }
        return byOrder;
    }

    @Override
    public RestoreOutcome restore(String activityId, List<LiveReservation> missing) {
        if (missing.isEmpty()) {
            return new RestoreOutcome(0, 0, List.of());
        }
        RedisKeys keys = RedisKeys.forActivity(activityId);
        List<Object> args = new ArrayList<>(2 * missing.size());
        addPairs(args, missing);
        List<Object> reply = restore.run(script, Mode.READ_WRITE, ReturnType.LIST,
                List.of(keys.stock(), keys.buyers(), keys.reservations()), args.toArray());
        List<String> noStock = reply.subList(2, reply.size()).stream().map(String::valueOf).toList();
        return new RestoreOutcome(((Number) reply.get(0)).intValue(), ((Number) reply.get(1)).intValue(), noStock);
    }

    private static void addPairs(List<Object> args, List<LiveReservation> reservations) {
        for (LiveReservation reservation : reservations) {
            args.add(reservation.orderId());
            args.add(reservation.userId());
        }
    }

    /** {@inheritDoc} Always read from the master (see {@code redis/reservation_owner.lua}). */
    @Override
    public Optional<String> reservationOwner(String activityId, String orderId) {
        RedisKeys keys = RedisKeys.forActivity(activityId);
        String owner = reservationOwner.run(script, Mode.READ_WRITE, ReturnType.VALUE,
                List.of(keys.reservations()), Objects.requireNonNull(orderId, "orderId"));
        return Optional.ofNullable(owner);
    }

    /** {@inheritDoc} A monitoring read: may be served by a replica, so it can lag the master slightly. */
    @Override
    public Optional<StockLevels> stockLevels(String activityId) {
        RedisKeys keys = RedisKeys.forActivity(activityId);
        List<Long> levels = stockLevels.run(script, Mode.READ_ONLY, ReturnType.LIST,
                List.of(keys.meta(), keys.stock(), keys.reservations()));
        if (levels.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StockLevels(levels.get(0), levels.get(1), levels.get(2)));
    }
}
