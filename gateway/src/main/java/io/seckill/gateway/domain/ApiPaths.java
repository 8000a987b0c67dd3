package io.seckill.gateway.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's reading of API.md's paths: which need no token, which need the ADMIN role, which are writes (and so
 * rate limited per user) and which are a seckill (rate limited per activity too). Paths are the decoded path of the
 * request, without query. Stateless.
 */
public final class ApiPaths {

    /** The demo token issuer, served by the gateway itself. */
    public static final String TOKEN = "/api/auth/token";

    private static final String API_PREFIX = "/api/";
    private static final String ADMIN_PREFIX = "/api/admin/";
    private static final Pattern PUBLIC_ACTIVITY = Pattern.compile("/api/activities/[^/]+");
    private static final Pattern SECKILL = Pattern.compile("/api/seckill/([^/]+)");

    private ApiPaths() {
    }

    /** Whether the gateway guards the path at all (actuator and the internal fallback are not API). */
    public static boolean isApi(String path) {
        return path.startsWith(API_PREFIX);
    }

    /** Whether a request may come without a token: the token issuer and {@code GET /api/activities/{id}}. */
    public static boolean isPublic(String method, String path) {
        return TOKEN.equals(path) || "GET".equals(method) && PUBLIC_ACTIVITY.matcher(path).matches();
    }

    /** Whether the path needs the ADMIN role. */
    public static boolean isAdmin(String path) {
        return path.startsWith(ADMIN_PREFIX);
    }

    /** Whether the method changes state: writes take a token from the caller's bucket. */
    public static boolean isWrite(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    /** The activity id of a {@code POST /api/seckill/{activityId}}, else empty. */
    public static Optional<String> seckillActivity(String method, String path) {
        if (!"POST".equals(method)) {
            return Optional.empty();
        }
        Matcher matcher = SECKILL.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
