package io.seckill.inventory.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SaleSettingsTest {

    private static final Instant START = Instant.parse("2026-11-11T00:00:00Z");
    private static final Instant END = START.plusSeconds(3_600);

    @Test
    void aSaleOfZeroUnitsWithALimitOfOneIsValid() {
        assertThatCode(() -> new SaleSettings(0, START, END, 1)).doesNotThrowAnyException();
    }

    @Test
    void negativeStockIsRefused() {
        assertThatThrownBy(() -> new SaleSettings(-1, START, END, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWindowThatClosesBeforeOrWhenItOpensIsRefused() {
        assertThatThrownBy(() -> new SaleSettings(1, START, START, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SaleSettings(1, END, START, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new SaleSettings(1, START, END, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
