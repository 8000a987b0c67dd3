package io.seckill.inventory.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StockReservationTest {

    @Test
    void everyIdIsRequired() {
        assertThatThrownBy(() -> new StockReservation(null, "u", "o")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StockReservation("a", " ", "o")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockReservation("a", "u", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
