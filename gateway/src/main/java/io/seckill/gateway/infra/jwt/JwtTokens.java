package io.seckill.gateway.infra.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.seckill.common.web.Caller;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Issues and verifies the platform's HS256 JWTs: subject = user id, claim {@code roles} = role names, {@code exp}
 * required. Only HS256 is accepted (never {@code none} or another algorithm a forger could choose).
 *
 * <p>A crowd sends the same token again and again, so verified tokens are remembered (at most
 * {@code verifiedCacheSize}, each until its expiry plus the clock skew), and a token seen before costs a lookup instead
 * of parsing and a MAC. Only tokens that passed every check are remembered, keyed by the whole compact token: a
 * token that differs in any byte is verified in full. Expiry is checked again on every use.
 *
 * <p>Thread-safe: Nimbus' MAC signer and verifier are immutable after construction; the cache is Caffeine's.
 */
public final class JwtTokens {

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ROLES_CLAIM = "roles";
    private static final String ISSUER = "seckill-gateway";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration ttl;
    private final Duration clockSkew;
    private final Clock clock;
    private final Cache<String, Remembered> verified;

    /**
     * Tokens signed with {@code secret} (at least {@value #MIN_SECRET_BYTES} bytes), valid for {@code ttl}.
     *
     * @param verifiedCacheSize how many verified tokens are remembered; 0 verifies every token in full
     */
    public JwtTokens(byte[] secret, Duration ttl, Duration clockSkew, Clock clock, int verifiedCacheSize) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable JWT secret", e);
        }
        this.ttl = ttl;
        this.clockSkew = clockSkew;
        this.clock = clock;
        if (verifiedCacheSize < 0) {
            throw new IllegalArgumentException("verifiedCacheSize must not be negative: " + verifiedCacheSize);
        }
        this.verified = verifiedCacheSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(verifiedCacheSize)
                .expireAfter(Expiry.creating((String token, Remembered entry) ->
                        Duration.between(clock.instant(), entry.acceptedUntil())))
                .build();
    }

    /** A signed token for {@code userId} with {@code roles}. */
    public IssuedToken issue(String userId, Set<String> roles) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId)
                .claim(ROLES_CLAIM, List.copyOf(new TreeSet<>(roles)))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new IssuedToken(jwt.serialize(), ttl);
    }

    /** The caller a token names, or the reason it is refused. */
    public Verification verify(String token) {
        Remembered remembered = verified == null ? null : verified.getIfPresent(token);
        if (remembered != null && !clock.instant().isAfter(remembered.acceptedUntil())) {
            return remembered.verification();
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Verification.refused("the token's signature is invalid");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException e) {
            return Verification.refused("the token is malformed");
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null || clock.instant().isAfter(expiry.toInstant().plus(clockSkew))) {
            return Verification.refused("the token has expired");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            return Verification.refused("the token names no user");
        }
        Verification accepted = Verification.accepted(Caller.fromHeaders(subject, String.join(",", roles(claims))));
        if (verified != null) {
            verified.put(token, new Remembered(accepted, expiry.toInstant().plus(clockSkew)));
        }
        return accepted;
    }

    /** A token that passed verification, and until when it may be accepted without verifying it again. */
    private record Remembered(Verification verification, Instant acceptedUntil) {
    }

    private static List<String> roles(JWTClaimsSet claims) {
        try {
            List<String> roles = claims.getStringListClaim(ROLES_CLAIM);
            return roles == null ? List.of() : roles;
        } catch (ParseException e) {
            return List.of();
        }
    }

    /**
     * A freshly signed token.
     *
     * @param token     the compact JWT
     * @param expiresIn how long it is valid from now
     */
    public record IssuedToken(String token, Duration expiresIn) {
    }

    /**
     * The outcome of {@link #verify}: a caller, or the client-facing reason for refusal (never the token itself).
     *
     * @param caller  the verified caller, if accepted
     * @param refusal why the token was refused, if it was
     */
    public record Verification(Optional<Caller> caller, String refusal) {

        static Verification accepted(Caller caller) {
            return new Verification(Optional.of(caller), "");
        }

        static Verification refused(String reason) {
            return new Verification(Optional.empty(), reason);
        }
    }
}
