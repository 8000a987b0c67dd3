package io.seckill.common.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCodeTest {

    @Test
    void apiCodesCarryTheStatusesOfTheContract() {
        assertThat(ErrorCode.BAD_REQUEST.httpStatus()).isEqualTo(400);
        assertThat(ErrorCode.UNAUTHORIZED.httpStatus()).isEqualTo(401);
        assertThat(ErrorCode.FORBIDDEN.httpStatus()).isEqualTo(403);
        assertThat(ErrorCode.NOT_FOUND.httpStatus()).isEqualTo(404);
        assertThat(ErrorCode.SOLD_OUT.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.ALREADY_PURCHASED.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.NOT_STARTED.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.ENDED.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.ORDER_NOT_PAYABLE.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.RATE_LIMITED.httpStatus()).isEqualTo(429);
        assertThat(ErrorCode.BUSY.httpStatus()).isEqualTo(503);
    }

    @Test
    void frameworkStatusesMapToTheFirstCodeWithThatStatusOrAGenericOne() {
        assertThat(ErrorCode.forStatus(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorCode.forStatus(405)).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(ErrorCode.forStatus(413)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(ErrorCode.forStatus(502)).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void invalidFieldIsABadRequestNamingTheField() {
        ServiceException e = ServiceException.invalidField("stock", "stock must be at least 1");

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.field()).contains("stock");
        assertThat(e.detail()).isEqualTo("stock must be at least 1");
    }
}
