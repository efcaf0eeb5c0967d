package dev.parley.room.password;

import java.util.UUID;

import dev.parley.room.RoomProperties;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Validates, hashes and checks room passwords with bcrypt, always on {@link Schedulers#boundedElastic()}. */
@Component
public class RoomPasswords {

    private final PasswordRules rules;

    private final PasswordEncoder encoder;

    /**
     * A hash of a random password with the configured cost, checked when a join names an unknown room so that the
     * answer takes as long as for a wrong password and timing does not reveal which rooms exist.
     */
    private final String dummyHash;

    RoomPasswords(RoomProperties properties, PasswordEncoder encoder) {
        this.rules = new PasswordRules(properties.password().minLength());
        this.encoder = encoder;
        this.dummyHash = encoder.encode(UUID.randomUUID().toString());
    }

    /** Throws INVALID_PASSWORD unless the password meets the rules for a new password of the named room. */
    public void check(String password, String roomName) {
        rules.check(password, roomName);
    }

    /** The bcrypt hash of a password that already passed {@link #check(String, String)}. */
    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Whether the password matches the hash; a null hash (unknown room) is checked against the dummy and fails. */
    public Mono<Boolean> matches(String password, String hash) {
        if (password == null || !PasswordRules.fitsBcrypt(password)) {
            // NOTE: no room can have such a password, whether it exists or not, so answering at once leaks nothing.
            return Mono.just(false);
        }
        return Mono.fromCallable(() -> hash == null ? dummyMatches(password) : encoder.matches(password, hash))
            .subscribeOn(Schedulers.boundedElastic());
    }

    private boolean dummyMatches(String password) {
        encoder.matches(password, dummyHash);
        return false;
    }
}
