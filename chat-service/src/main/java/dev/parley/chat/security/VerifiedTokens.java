package dev.parley.chat.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import reactor.core.publisher.Mono;

/**
 * Tokens this instance has already verified, kept until they expire. A gateway sends the same user's token with every
 * request of that user's connection, and each check costs an RSA signature verification and a claims parse — about a
 * tenth of chat-service's CPU under load (docs/benchmarks.md). A remembered token is answered without both, but only
 * while it is unexpired (with the clock skew the validator allows); an expired or unknown one goes to the real
 * decoder, whose refusals are never remembered. Bounded: when full, it starts again empty.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder decoder;

    private final Duration clockSkew;

    private final int capacity;

    private final Clock clock;

    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(ReactiveJwtDecoder decoder, Duration clockSkew, int capacity, Clock clock) {
        this.decoder = decoder;
        this.clockSkew = clockSkew;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = this.verified.get(token);
        if (known != null) {
            if (stillValid(known)) {
                return Mono.just(known);
            }
            this.verified.remove(token, known);
        }
        return this.decoder.decode(token).doOnNext(jwt -> remember(token, jwt));
    }

    private boolean stillValid(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt != null && this.clock.instant().isBefore(expiresAt.plus(this.clockSkew));
    }

    private void remember(String token, Jwt jwt) {
        if (jwt.getExpiresAt() == null || this.capacity == 0) {
            return;
        }
        if (this.verified.size() >= this.capacity) {
            // NOTE: crude but bounded and lock-free; a full cache means many distinct live tokens, which are then
            // simply verified again once each.
            this.verified.clear();
        }
        this.verified.put(token, jwt);
    }
}
