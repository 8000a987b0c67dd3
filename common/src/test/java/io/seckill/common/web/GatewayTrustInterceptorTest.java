package io.seckill.common.web;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayTrustInterceptorTest {

    private final GatewayTrustInterceptor interceptor = new GatewayTrustInterceptor("s3cret");

    @Test
    void requestWithoutTheSecretIsUnauthorized() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/activities/1");

        assertRefusedWith(request, ErrorCode.UNAUTHORIZED);
    }

    @Test
    void requestWithAWrongSecretIsUnauthorized() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/activities/1");
        request.addHeader(SeckillHeaders.INTERNAL_AUTH, "s3cret!");

        assertRefusedWith(request, ErrorCode.UNAUTHORIZED);
    }

    @Test
    void adminPathWithoutTheAdminRoleIsForbidden() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/admin/activities");
        request.addHeader(SeckillHeaders.INTERNAL_AUTH, "s3cret");
        request.addHeader(SeckillHeaders.USER_ID, "u1");
        request.addHeader(SeckillHeaders.USER_ROLES, "USER");

        assertRefusedWith(request, ErrorCode.FORBIDDEN);
    }

    @Test
    void adminWithTheSecretPassesAndIsRecordedAsTheCaller() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/admin/activities");
        request.addHeader(SeckillHeaders.INTERNAL_AUTH, "s3cret");
        request.addHeader(SeckillHeaders.USER_ID, "ops");
        request.addHeader(SeckillHeaders.USER_ROLES, "user, admin");

        assertThat(interceptor.preHandle(request, new MockHttpServletResponse(), new Object())).isTrue();
        Caller caller = (Caller) request.getAttribute(GatewayTrustInterceptor.CALLER_ATTRIBUTE);
        assertThat(caller.userId()).contains("ops");
        assertThat(caller.roles()).containsExactlyInAnyOrder("USER", "ADMIN");
    }

    @Test
    void publicPathNeedsOnlyTheSecret() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/activities/1");
        request.addHeader(SeckillHeaders.INTERNAL_AUTH, "s3cret");

        assertThat(interceptor.preHandle(request, new MockHttpServletResponse(), new Object())).isTrue();
    }

    private void assertRefusedWith(MockHttpServletRequest request, ErrorCode code) {
        assertThatThrownBy(() -> interceptor.preHandle(request, new MockHttpServletResponse(), new Object()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
