package io.seckill.order.infra.messaging;

import io.seckill.order.domain.UnknownOrderException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerRetriesTest {

    @Test
    void unknownOrderIsFoundBehindTheContainersWrappers() {
        UnknownOrderException unknown = new UnknownOrderException("o1", "payment p1");
        RuntimeException wrapped = new RuntimeException("listener failed", new IllegalStateException(unknown));

        assertThat(ConsumerRetries.unknownOrder(wrapped)).containsSame(unknown);
        assertThat(ConsumerRetries.unknownOrder(unknown)).containsSame(unknown);
    }

    @Test
    void otherFailuresAreNotUnknownOrders() {
        assertThat(ConsumerRetries.unknownOrder(new RuntimeException("database down",
                new IllegalStateException("connection refused")))).isEmpty();
    }
}
