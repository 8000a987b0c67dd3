package io.seckill.payment.api;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentControllerTest {

    @Test
    void orderIdsOfThePlatformAreAccepted() {
        assertThat(PaymentController.requireOrderId("01JC0000000000000000000000")).isEqualTo("01JC0000000000000000000000");
        assertThat(PaymentController.requireOrderId("order-1.a_b:c")).isEqualTo("order-1.a_b:c");
    }

    @Test
    void missingBlankOrUnsafeOrderIdsAreBadRequestsNamingTheField() {
        for (String bad : new String[]{null, "", "  ", "a/b", "a b", "x".repeat(65), "é"}) {
            assertThatThrownBy(() -> PaymentController.requireOrderId(bad)).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                        assertThat(e.field()).contains("orderId");
                    });
        }
    }
}
