package io.seckill.inventory.infra.redis;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LuaScriptTest {

    @ParameterizedTest
    @ValueSource(strings = {"redis/reserve.lua", "redis/release.lua", "redis/warm_up.lua",
            "redis/reservation_owner.lua", "redis/stock_levels.lua"})
    void everyStockScriptIsOnTheClasspathWithItsDigest(String resource) {
        LuaScript script = LuaScript.fromClasspath(resource);

        assertThat(script.name()).isEqualTo(resource);
        assertThat(script.sha1()).matches("[0-9a-f]{40}");
    }

    @Test
    void theDigestIsTheOneRedisComputes() {
        // SCRIPT LOAD "return 1" answers this digest: SHA-1 of the exact script text.
        assertThat(LuaScript.fromClasspath("redis/testing/return_one.lua").sha1())
                .isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    }

    @Test
    void aMissingScriptFailsAtConstruction() {
        assertThatThrownBy(() -> LuaScript.fromClasspath("redis/no_such.lua"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redis/no_such.lua");
    }
}
