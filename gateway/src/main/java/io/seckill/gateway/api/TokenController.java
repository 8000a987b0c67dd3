package io.seckill.gateway.api;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.web.Caller;
import io.seckill.gateway.GatewayProperties;
import io.seckill.gateway.domain.ApiPaths;
import io.seckill.gateway.infra.jwt.JwtTokens;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The demo token issuer {@code POST /api/auth/token}: anyone gets a USER token for the user id they name; the
 * holder of the configured admin key gets USER and ADMIN. Only registered while {@code seckill.auth.issuer-enabled}.
 */
@RestController
@ConditionalOnBooleanProperty(name = "seckill.auth.issuer-enabled", matchIfMissing = true)
public class TokenController {

    // User ids travel in headers and Redis keys: short and printable only.
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final String USER = "USER";

    private final JwtTokens tokens;
    private final byte[] adminKey;

    /** Issues with {@code tokens}; a blank {@code seckill.auth.admin-key} means no admin tokens. */
    public TokenController(JwtTokens tokens, GatewayProperties properties) {
        this.tokens = tokens;
        String adminKey = properties.auth().adminKey();
        this.adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Issues a token (API.md). */
    @PostMapping(ApiPaths.TOKEN)
    public TokenResponse issue(@RequestBody TokenRequest request) {
        if (request.userId() == null || !USER_ID.matcher(request.userId()).matches()) {
            throw ServiceException.invalidField("userId", "userId must be 1-64 letters, digits or . _ @ -");
        }
        Set<String> roles = Set.of(USER);
        if (request.adminKey() != null) {
            // Constant-time comparison: the key must not leak through response timing.
            if (adminKey == null
                    || !MessageDigest.isEqual(adminKey, request.adminKey().getBytes(StandardCharsets.UTF_8))) {
                throw new ServiceException(ErrorCode.FORBIDDEN, "the admin key is not valid");
            }
            roles = Set.of(USER, Caller.ADMIN);
        }
        JwtTokens.IssuedToken issued = tokens.issue(request.userId(), roles);
        return new TokenResponse(issued.token(), issued.expiresIn().toSeconds());
    }

    /**
     * @param userId   who the token is for
     * @param adminKey the configured admin key, to get the ADMIN role
     */
    public record TokenRequest(String userId, String adminKey) {
    }

    /**
     * @param token     the bearer token
     * @param expiresIn seconds it stays valid
     */
    public record TokenResponse(String token, long expiresIn) {
    }
}
