package io.seckill.inventory.domain;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NewActivityTest {

    private static final Instant NOW = Instant.parse("2026-11-11T11:00:00Z");
    private static final Instant STARTS = Instant.parse("2026-11-11T12:00:00Z");
    private static final Instant ENDS = Instant.parse("2026-11-11T13:00:00Z");

    @Test
    void validRequestBecomesAnActivityWithAllItsStockRemaining() {
        NewActivity request = new NewActivity(" Sale ", "sku", 0L, 5L, STARTS, ENDS, 1);
        request.validate(NOW);

        Activity activity = request.toActivity("id1", NOW);

        assertThat(activity.title()).isEqualTo("Sale");
        assertThat(activity.stock()).isEqualTo(5);
        assertThat(activity.remaining()).isEqualTo(5);
    }

    @Test
    void startAtOrAfterTheEndIsReportedOnEndsAt() {
        assertRejectedOn(new NewActivity("t", "sku", 1L, 1L, ENDS, ENDS, 1), "endsAt");
    }

    @Test
    void endInThePastIsRejectedEvenIfTheWindowIsWellFormed() {
        assertRejectedOn(new NewActivity("t", "sku", 1L, 1L, STARTS, ENDS, 1), "endsAt", ENDS);
    }

    @Test
    void missingNumbersAreRejectedByName() {
        assertRejectedOn(new NewActivity("t", "sku", null, 1L, STARTS, ENDS, 1), "priceCents");
        assertRejectedOn(new NewActivity("t", "sku", 1L, null, STARTS, ENDS, 1), "stock");
        assertRejectedOn(new NewActivity("t", "sku", 1L, 1L, STARTS, ENDS, null), "perUserLimit");
    }

    @Test
    void overlongTitleIsRejected() {
        assertRejectedOn(new NewActivity("x".repeat(201), "sku", 1L, 1L, STARTS, ENDS, 1), "title");
    }

    private static void assertRejectedOn(NewActivity request, String field) {
        assertRejectedOn(request, field, NOW);
    }

    private static void assertRejectedOn(NewActivity request, String field, Instant now) {
        assertThatThrownBy(() -> request.validate(now)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.field()).contains(field);
        });
    }
}
