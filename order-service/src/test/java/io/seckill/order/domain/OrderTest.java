package io.seckill.order.domain;

import io.seckill.common.event.SeckillReserved;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void placedOrderIsPendingForTheReservedPrice() {
        Order order = Order.placed(new SeckillReserved("o1", "a1", "u1", 4_990, NOW.minusSeconds(1)), NOW);

        assertThat(order).isEqualTo(new Order("o1", "a1", "u1", 4_990, OrderStatus.PENDING_PAYMENT, 0, NOW, null,
                null, null));
    }

    @Test
    void idsMustFitTheStore() {
        String longId = "x".repeat(Order.MAX_ID_LENGTH + 1);

        assertThatThrownBy(() -> order(longId, "u1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orderId");
        assertThatThrownBy(() -> order("o1", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId");
        assertThat(order("o".repeat(Order.MAX_ID_LENGTH), "u".repeat(Order.MAX_USER_ID_LENGTH)).orderId())
                .hasSize(Order.MAX_ID_LENGTH);
    }

    @Test
    void paymentFieldsAreSetExactlyWhenPaidAndCancellationTimeExactlyWhenCancelled() {
        assertThatThrownBy(() -> new Order("o1", "a1", "u1", 1, OrderStatus.PAID, 1, NOW, NOW, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Order("o1", "a1", "u1", 1, OrderStatus.PENDING_PAYMENT, 0, NOW, null, null,
                "p1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Order("o1", "a1", "u1", 1, OrderStatus.CANCELLED, 1, NOW, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Order("o1", "a1", "u1", -1, OrderStatus.PENDING_PAYMENT, 0, NOW, null, null,
                null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Order order(String orderId, String userId) {
        return new Order(orderId, "a1", userId, 1, OrderStatus.PENDING_PAYMENT, 0, NOW, null, null, null);
    }
}
