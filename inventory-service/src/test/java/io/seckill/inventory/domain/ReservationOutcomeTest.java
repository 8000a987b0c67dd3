package io.seckill.inventory.domain;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationOutcomeTest {

    @Test
    void outcomeNamesAreTheApiConflictCodes() {
        // API.md: POST /api/seckill/{activityId} answers 202 RESERVED or 409 with one of these codes.
        assertThat(Arrays.stream(ReservationOutcome.values()).map(Enum::name))
                .containsExactlyInAnyOrder("RESERVED", "SOLD_OUT", "ALREADY_PURCHASED", "NOT_STARTED", "ENDED",
                        "NOT_WARMED");
    }
}
