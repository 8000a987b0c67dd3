package io.seckill.order.infra.messaging;

import io.seckill.order.infra.messaging.OrderTransactionId.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTransactionIdTest {

    @Test
    void everyKindSurvivesFormattingAndParsing() {
        for (Kind kind : Kind.values()) {
            OrderTransactionId id = new OrderTransactionId(kind, "01KAX3:odd");
            assertThat(OrderTransactionId.parse(id.format())).contains(id);
        }
    }

    @Test
    void textsNamingNoKnownTransactionAreNotParsed() {
        assertThat(OrderTransactionId.parse(null)).isEmpty();
        assertThat(OrderTransactionId.parse("order-created")).isEmpty();
        assertThat(OrderTransactionId.parse("order-created:")).isEmpty();
        assertThat(OrderTransactionId.parse(":o1")).isEmpty();
        assertThat(OrderTransactionId.parse("activity-1:o1")).isEmpty();
    }

    @Test
    void formatNamesTheKindThenTheSubject() {
        assertThat(new OrderTransactionId(Kind.ORDER_CREATED, "o1").format()).isEqualTo("order-created:o1");
        assertThat(new OrderTransactionId(Kind.ORDER_CANCELLED, "o1").format()).isEqualTo("order-cancelled:o1");
        assertThat(new OrderTransactionId(Kind.REFUND_REQUESTED, "p1").format()).isEqualTo("refund-requested:p1");
    }
}
