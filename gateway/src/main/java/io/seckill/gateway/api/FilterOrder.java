package io.seckill.gateway.api;

import org.springframework.core.Ordered;

/**
 * The order of the gateway's web filters, in one place because each relies on the ones before it: correlation
 * first (every answer has a request id and a log line), then the size limit and CORS (a browser's preflight carries
 * no token), then authentication, then rate limiting (which needs the verified user).
 */
final class FilterOrder {

    static final int CORRELATION = Ordered.HIGHEST_PRECEDENCE;
    static final int REQUEST_SIZE = CORRELATION + 10;
    static final int CORS = CORRELATION + 20;
    static final int AUTHENTICATION = CORRELATION + 30;
    static final int RATE_LIMIT = CORRELATION + 40;

    private FilterOrder() {
    }
}
