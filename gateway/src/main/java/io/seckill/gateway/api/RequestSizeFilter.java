package io.seckill.gateway.api;

import io.seckill.common.error.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses request bodies over {@code maxBytes} with 413: at once when {@code Content-Length} says so, and for
 * bodies without a length (chunked) as soon as the bytes read pass the limit, so that no body of any size is
 * buffered or streamed to a service. The problem's code is {@code BAD_REQUEST} (common has no code of its own for
 * 413; the services map framework statuses the same way). Thread-safe.
 */
public final class RequestSizeFilter implements WebFilter, Ordered {

    private final long maxBytes;
    private final ProblemWriter problems;

    /** Limits bodies to {@code maxBytes}. */
    public RequestSizeFilter(long maxBytes, ProblemWriter problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return FilterOrder.REQUEST_SIZE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBytes) {
            return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, ErrorCode.BAD_REQUEST, tooLarge(),
                    Map.of());
        }
        if (length >= 0) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return limited(super.getBody());
            }
        }).build());
    }

    private Flux<DataBuffer> limited(Flux<DataBuffer> body) {
        AtomicLong read = new AtomicLong();
        return body.handle((buffer, sink) -> {
            if (read.addAndGet(buffer.readableByteCount()) > maxBytes) {
                DataBufferUtils.release(buffer);
                sink.error(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, tooLarge()));
            } else {
                sink.next(buffer);
            }
        });
    }

    private String tooLarge() {
        return "the request body is larger than " + maxBytes + " bytes";
    }
}
