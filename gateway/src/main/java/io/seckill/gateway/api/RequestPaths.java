package io.seckill.gateway.api;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The path the gateway's rules judge: decoded and without matrix parameters, exactly as the routes (and the
 * services' controllers) match it. Judging the raw path would let {@code /api/%61dmin/…} or {@code /api/admin;x/…}
 * past the admin rule while still reaching an admin endpoint.
 */
final class RequestPaths {

    private RequestPaths() {
    }

    /** The decoded path within the application, e.g. {@code /api/admin/activities/42/stock}. */
    static String decoded(ServerHttpRequest request) {
        StringBuilder path = new StringBuilder();
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            path.append(element instanceof PathContainer.PathSegment segment ? segment.valueToMatch()
                    : element.value());
        }
        return path.toString();
    }
}
