package io.seckill.inventory.infra.redis;

import io.seckill.inventory.domain.ReleaseOutcome;
import io.seckill.inventory.domain.ReservationOutcome;
import io.seckill.inventory.domain.WarmUpOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptRepliesTest {

    @ParameterizedTest
    @EnumSource(ReservationOutcome.class)
    void everyReservationOutcomeIsReadFromItsName(ReservationOutcome outcome) {
        assertThat(ScriptReplies.outcome(ReservationOutcome.class, "reserve.lua", outcome.name())).isEqualTo(outcome);
    }

    @Test
    void releaseAndWarmUpRepliesAreReadFromTheirNames() {
        assertThat(ScriptReplies.outcome(ReleaseOutcome.class, "release.lua", "NOT_RESERVED"))
                .isEqualTo(ReleaseOutcome.NOT_RESERVED);
        assertThat(ScriptReplies.outcome(WarmUpOutcome.class, "warm_up.lua", "KEPT")).isEqualTo(WarmUpOutcome.KEPT);
    }

    @Test
    void aReplyThatNamesNoOutcomeIsABrokenContract() {
        assertThatThrownBy(() -> ScriptReplies.outcome(ReservationOutcome.class, "reserve.lua", "reserved"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reserve.lua replied 'reserved'")
                .hasMessageContaining("ReservationOutcome");
        assertThatThrownBy(() -> ScriptReplies.outcome(ReservationOutcome.class, "reserve.lua", 1L))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ScriptReplies.outcome(ReleaseOutcome.class, "release.lua", null))
                .isInstanceOf(IllegalStateException.class);
    }
}
