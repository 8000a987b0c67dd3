package io.seckill.order.api;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.web.Caller;
import io.seckill.common.web.GatewayTrustInterceptor;
import io.seckill.order.domain.Order;
import jakarta.servlet.http.HttpServletRequest;

import java.util.regex.Pattern;

/**
 * Checks of path and query parameters before anything is read: a malformed one is a 400 {@code BAD_REQUEST} naming
 * it (API.md), a well-formed id that names nothing is a 404 later.
 */
final class RequestParameters {

    /** Ids are generated ({@code Ids}, 26 characters of base32); this accepts any plain token the store can hold. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + Order.MAX_ID_LENGTH + "}");

    private RequestParameters() {
    }

    /** {@code value} if it is a well-formed id, else {@code BAD_REQUEST} naming {@code field}. */
    static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ServiceException.invalidField(field, field + " must be 1-" + Order.MAX_ID_LENGTH
                    + " letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    /** {@code value} if it lies in {@code [1, max]}, else {@code BAD_REQUEST} naming {@code field}. */
    static int pageSize(String field, int value, int max) {
        if (value < 1 || value > max) {
            throw ServiceException.invalidField(field, field + " must be between 1 and " + max);
        }
        return value;
    }

    /** The user the gateway says is calling; {@code UNAUTHORIZED} when the call carries none. */
    static String userId(HttpServletRequest request) {
        Caller caller = (Caller) request.getAttribute(GatewayTrustInterceptor.CALLER_ATTRIBUTE);
        return caller.userId().orElseThrow(
                () -> new ServiceException(ErrorCode.UNAUTHORIZED, "orders are read by an authenticated user"));
    }
}
