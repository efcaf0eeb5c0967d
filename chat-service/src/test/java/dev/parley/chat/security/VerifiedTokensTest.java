package dev.parley.chat.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static final Duration SKEW = Duration.ofSeconds(30);

    private final AtomicInteger checks = new AtomicInteger();

    private final MutableClock clock = new MutableClock(NOW);

    /** Accepts "good-*" tokens expiring in 5 minutes, refuses anything else. */
    private final ReactiveJwtDecoder issuer = token -> {
        checks.incrementAndGet();
        if (!token.startsWith("good")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject(token)
                .issuedAt(NOW).expiresAt(NOW.plusSeconds(300)).build());
    };

    @Test
    void aTokenVerifiedOnceIsAnsweredWithoutAnotherCheckUntilItExpires() {
        VerifiedTokens tokens = new VerifiedTokens(issuer, SKEW, 100, clock);
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(tokens.decode("good-alice"))
                    .assertNext(jwt -> assertThat(jwt.getSubject()).isEqualTo("good-alice"))
                    .verifyComplete();
        }
        assertThat(checks).hasValue(1);
    }

    @Test
    void anExpiredTokenGoesBackToTheRealCheckOnceTheSkewHasPassed() {
        VerifiedTokens tokens = new VerifiedTokens(issuer, SKEW, 100, clock);
        tokens.decode("good-alice").block();
        clock.now = NOW.plusSeconds(300).plus(SKEW).minusMillis(1);
        tokens.decode("good-alice").block();
        assertThat(checks).as("still within exp + skew").hasValue(1);
        clock.now = NOW.plusSeconds(300).plus(SKEW);
        tokens.decode("good-alice").block();
        assertThat(checks).as("past exp + skew: checked again (and refused there, in real life)").hasValue(2);
    }

    @Test
    void refusalsAreNeverRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(issuer, SKEW, 100, clock);
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(tokens.decode("forged")).expectError(BadJwtException.class).verify();
        }
        assertThat(checks).hasValue(3);
    }

    @Test
    void aFullCacheStartsAgainSoItStaysBounded() {
        VerifiedTokens tokens = new VerifiedTokens(issuer, SKEW, 2, clock);
        tokens.decode("good-1").block();
        tokens.decode("good-2").block();
        tokens.decode("good-3").block();
        tokens.decode("good-3").block();
        assertThat(checks).as("good-3 is remembered after the reset").hasValue(3);
        tokens.decode("good-1").block();
        assertThat(checks).as("good-1 was forgotten by the reset").hasValue(4);
    }

    @Test
    void capacityZeroRemembersNothing() {
        VerifiedTokens tokens = new VerifiedTokens(issuer, SKEW, 0, clock);
        tokens.decode("good-alice").block();
        tokens.decode("good-alice").block();
        assertThat(checks).hasValue(2);
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
