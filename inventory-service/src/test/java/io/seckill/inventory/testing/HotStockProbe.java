package io.seckill.inventory.testing;

import io.seckill.inventory.infra.redis.RedisKeys;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.Time;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads an activity's raw keys behind the store's back, to check the store's invariants from outside. */
public final class HotStockProbe {

    private final RedissonClient redisson;

    public HotStockProbe(RedissonClient redisson) {
        this.redisson = redisson;
    }

    /** The Redis server's clock, which decides the sale window. */
    public Instant serverNow() {
        Time time = redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().time();
        return Instant.ofEpochSecond(time.getSeconds(), time.getMicroseconds() * 1_000L);
    }

    /** The raw stock counter (may be absent → null). */
    public Long stock(String activityId) {
        String key = RedisKeys.forActivity(activityId).stock();
        String value = redisson.<String>getBucket(key, StringCodec.INSTANCE).get();
        return value == null ? null : Long.parseLong(value);
    }

    /** userId → units held, as the buyers hash says. */
    public Map<String, Long> buyers(String activityId) {
        Map<String, String> raw = redisson.<String, String>getMap(
                RedisKeys.forActivity(activityId).buyers(), StringCodec.INSTANCE).readAllMap();
        return raw.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> Long.parseLong(e.getValue())));
    }

    /** orderId → userId, as the reservations hash says. */
    public Map<String, String> reservations(String activityId) {
        return redisson.<String, String>getMap(
                RedisKeys.forActivity(activityId).reservations(), StringCodec.INSTANCE).readAllMap();
    }

    /** userId → reservations owned, derived from the reservation records. */
    public Map<String, Long> reservationsPerUser(String activityId) {
        return reservations(activityId).values().stream()
                .collect(Collectors.groupingBy(user -> user, Collectors.counting()));
    }
}
