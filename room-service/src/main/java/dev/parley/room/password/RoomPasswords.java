package dev.parley.room.password;

import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.room.RoomProperties;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Validates, hashes and checks room passwords with bcrypt, off the event loop on a scheduler of its own with few
 * threads ({@code parley.room.password.bcrypt-threads}, default 1): a storm of joins then waits its turn instead of
 * taking every core from the message path. Checks beyond a queue of {@value #QUEUED_CHECKS} are refused at once with
 * SERVICE_UNAVAILABLE (retryable).
 * <p>
 * Checks of the same password for the same room that wait or run at the same time share one bcrypt run: when a
 * crowd joins a room with its password at once, the room costs one check instead of one per person. Nothing is kept
 * once the check has answered (no result and no password-derived value outlives it), so this holds a password in
 * memory no longer than the waiting requests do anyway; and a shared check whose callers have all gone is dropped
 * like a single one.
 */
@Component
public class RoomPasswords implements DisposableBean {

    private static final int QUEUED_CHECKS = 10_000;

    private final Scheduler bcrypt;

    private final PasswordRules rules;

    private final PasswordEncoder encoder;

    /**
     * A hash of a random password with the configured cost, checked when a join names an unknown room so that the
     * answer takes as long as for a wrong password and timing does not reveal which rooms exist.
     */
    private final String dummyHash;

    private final InFlightChecks inFlight = new InFlightChecks();

    RoomPasswords(RoomProperties properties, PasswordEncoder encoder) {
        this.rules = new PasswordRules(properties.password().minLength());
        this.encoder = encoder;
        this.dummyHash = encoder.encode(UUID.randomUUID().toString());
        this.bcrypt = Schedulers.newBoundedElastic(properties.password().bcryptThreads(), QUEUED_CHECKS, "bcrypt", 60,
                true);
    }

    /** Throws INVALID_PASSWORD unless the password meets the rules for a new password of the named room. */
    public void check(String password, String roomName) {
        rules.check(password, roomName);
    }

    /** The bcrypt hash of a password that already passed {@link #check(String, String)}. */
    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(bcrypt).onErrorMap(
                RejectedExecutionException.class, RoomPasswords::busy);
    }

    /**
     * Whether the password matches the hash of the named room; a null hash (unknown room) is checked against the dummy
     * and fails. Callers asking the same for the same room while a check waits or runs share it.
     */
    public Mono<Boolean> matches(String roomName, String password, String hash) {
        if (password == null || !PasswordRules.fitsBcrypt(password)) {
            // NOTE: no room can have such a password, whether it exists or not, so answering at once leaks nothing.
            return Mono.just(false);
        }
        return inFlight.check(new PasswordCheck(roomName, password, hash), () -> Mono.fromCallable(
                () -> hash == null ? dummyMatches(password) : encoder.matches(password, hash))
            .subscribeOn(bcrypt)
            .onErrorMap(RejectedExecutionException.class, RoomPasswords::busy));
    }

    /** How many checks are waiting or running now. */
    int checksInFlight() {
        return inFlight.size();
    }

    @Override
    public void destroy() {
        bcrypt.dispose();
    }

    private static ParleyException busy(RejectedExecutionException e) {
        return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, "too many password checks are waiting; try again");
    }

    private boolean dummyMatches(String password) {
        encoder.matches(password, dummyHash);
        return false;
    }
}
