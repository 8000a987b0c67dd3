package io.seckill.common.web;

import io.seckill.common.id.Ids;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Gives every response an {@link SeckillHeaders#REQUEST_ID}: the client's, if it sent a sane one, else a new
 * {@link Ids#next() id}. The id is also in the logging MDC as {@code requestId} while the request runs.
 *
 * <p>Set before the chain runs, so error answers and actuator responses carry it too.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    /** MDC key of the request id. */
    public static final String MDC_KEY = "requestId";

    // Bounded and printable: the id is echoed into headers and logs.
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(SeckillHeaders.REQUEST_ID);
        String requestId = presented != null && ACCEPTED.matcher(presented).matches() ? presented : Ids.next();
        response.setHeader(SeckillHeaders.REQUEST_ID, requestId);
        MDC.put(MDC_KEY, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
