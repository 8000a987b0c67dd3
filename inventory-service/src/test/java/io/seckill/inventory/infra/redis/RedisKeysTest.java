package io.seckill.inventory.infra.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisKeysTest {

    @Test
    void keysOfAnActivityAreSpelledWithItsHashTag() {
        RedisKeys keys = RedisKeys.forActivity("42");

        assertThat(keys.meta()).isEqualTo("seckill:{42}:meta");
        assertThat(keys.stock()).isEqualTo("seckill:{42}:stock");
        assertThat(keys.buyers()).isEqualTo("seckill:{42}:buyers");
        assertThat(keys.reservations()).isEqualTo("seckill:{42}:reservations");
    }

    @Test
    void allKeysOfAnActivityShareOneHashTagAndSoOneClusterSlot() {
        RedisKeys keys = RedisKeys.forActivity("spring-sale:7");

        assertThat(List.of(keys.meta(), keys.stock(), keys.buyers(), keys.reservations()))
                .extracting(RedisKeysTest::hashTag)
                .containsOnly("spring-sale:7");
    }

    @Test
    void activityIdsThatWouldMoveTheHashTagAreRefused() {
        assertThatThrownBy(() -> RedisKeys.forActivity("a}b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisKeys.forActivity("{a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisKeys.forActivity(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisKeys.forActivity(null)).isInstanceOf(NullPointerException.class);
    }

    /** The part of a key that Redis Cluster hashes: between the first '{' and the next '}'. */
    private static String hashTag(String key) {
        int open = key.indexOf('{');
        return key.substring(open + 1, key.indexOf('}', open + 1));
    }
}
