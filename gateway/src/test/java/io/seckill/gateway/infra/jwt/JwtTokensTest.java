package io.seckill.gateway.infra.jwt;

import io.seckill.common.web.Caller;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Verification with the cache of verified tokens: remembering a token must never change what is accepted. */
class JwtTokensTest {

    private static final byte[] SECRET = "unit-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final JwtTokens tokens = new JwtTokens(SECRET, TTL, SKEW, clock, 1_000);

    @Test
    void rememberedTokenIsRefusedOnceItHasExpired() {
        String token = tokens.issue("u1", Set.of("USER")).token();
        assertThat(tokens.verify(token).caller()).hasValueSatisfying(c -> assertThat(c.userId()).hasValue("u1"));

        clock.now = clock.now.plus(TTL).plus(SKEW);
        assertThat(tokens.verify(token).caller()).isPresent();
        clock.now = clock.now.plusMillis(1);
        assertThat(tokens.verify(token).refusal()).isEqualTo("the token has expired");
    }

    @Test
    void tokenDifferingInAnyByteFromARememberedOneIsVerifiedInFull() {
        String token = tokens.issue("u1", Set.of("USER")).token();
        assertThat(tokens.verify(token).caller()).isPresent();

        // A character inside the signature (the last one also carries padding bits that decoders may ignore).
        int at = token.length() - 10;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        assertThat(tokens.verify(tampered).caller()).isEmpty();
        String otherKey = new JwtTokens("another-secret-of-at-least-32-bytes-long!".getBytes(StandardCharsets.UTF_8),
                TTL, SKEW, clock, 1_000).issue("u1", Set.of("USER")).token();
        assertThat(tokens.verify(otherKey).refusal()).isEqualTo("the token's signature is invalid");
    }

    @Test
    void withoutACacheEveryTokenIsStillVerified() {
        JwtTokens uncached = new JwtTokens(SECRET, TTL, SKEW, clock, 0);
        String token = uncached.issue("admin", Set.of("USER", Caller.ADMIN)).token();

        assertThat(uncached.verify(token).caller()).hasValueSatisfying(c -> assertThat(c.hasRole(Caller.ADMIN)).isTrue());
        assertThat(uncached.verify(token).caller()).isPresent();
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
