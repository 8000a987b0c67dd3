package io.seckill.common.web;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Lets a request reach a controller only if it came through the gateway: it carries the shared secret in
 * {@link SeckillHeaders#INTERNAL_AUTH} (else 401 {@code UNAUTHORIZED}), and on admin paths the caller has role
 * {@link Caller#ADMIN} (else 403 {@code FORBIDDEN}).
 *
 * <p>Register it for {@code /api/**}. It runs before the body is read, so a refused request writes nothing; its
 * exceptions go through the same problem mapper as the controllers'. The accepted {@link Caller} is left in the
 * request attribute {@link #CALLER_ATTRIBUTE}. Thread-safe (immutable).
 */
public final class GatewayTrustInterceptor implements HandlerInterceptor {

    /** Request attribute holding the accepted {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private static final String ADMIN_PATH_PREFIX = "/api/admin/";

    private final byte[] secret;

    /** Accepts requests whose internal credential equals {@code secret} (non-blank). */
    public GatewayTrustInterceptor(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isBlank()) {
            throw new IllegalArgumentException("the internal secret must not be blank");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String presented = request.getHeader(SeckillHeaders.INTERNAL_AUTH);
        // Constant-time comparison: the secret must not leak through response timing.
        if (presented == null || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ServiceException(ErrorCode.UNAUTHORIZED, "requests must come through the gateway");
        }
        Caller caller = Caller.fromHeaders(request.getHeader(SeckillHeaders.USER_ID),
                request.getHeader(SeckillHeaders.USER_ROLES));
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(ADMIN_PATH_PREFIX) && !caller.hasRole(Caller.ADMIN)) {
            throw new ServiceException(ErrorCode.FORBIDDEN, "this operation needs the " + Caller.ADMIN + " role");
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        return true;
    }
}
