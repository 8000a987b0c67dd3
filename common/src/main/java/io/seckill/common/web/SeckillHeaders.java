package io.seckill.common.web;

/**
 * The one place that spells the HTTP header names the gateway and the services exchange.
 *
 * <p>The gateway verifies the client's JWT, strips any of these headers the client sent, and forwards the caller as
 * {@link #USER_ID} and {@link #USER_ROLES} together with the shared {@link #INTERNAL_AUTH} secret; services trust the
 * caller headers only when the secret matches.
 */
public final class SeckillHeaders {

    /** Correlates one request across processes; echoed when the client sent one, generated otherwise. */
    public static final String REQUEST_ID = "X-Request-Id";
    /** The gateway's internal credential: the shared secret {@code seckill.internal.secret}. */
    public static final String INTERNAL_AUTH = "X-Internal-Auth";
    /** The authenticated user's id; absent on public paths called anonymously. */
    public static final String USER_ID = "X-User-Id";
    /** The authenticated user's roles, comma-separated (e.g. {@code USER,ADMIN}). */
    public static final String USER_ROLES = "X-User-Roles";

    private SeckillHeaders() {
    }
}
