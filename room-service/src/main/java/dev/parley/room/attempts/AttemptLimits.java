package dev.parley.room.attempts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The sliding-window rule: a new attempt is refused while the earlier attempts within the window reach either
 * limit, until enough of them have left the window.
 */
record AttemptLimits(int perRoom, int perUser, Duration window) {

    /**
     * How long the caller must wait before a new attempt is allowed, or empty if it is allowed now.
     *
     * @param now the time of the new attempt
     * @param sameRoom earlier attempts within the window on the same room name, oldest first
     * @param all earlier attempts within the window on any room, oldest first
     */
    Optional<Duration> retryAfter(Instant now, List<Instant> sameRoom, List<Instant> all) {
        Duration wait = Duration.ZERO;
        if (sameRoom.size() >= perRoom) {
            wait = max(wait, untilLeaves(now, sameRoom.get(sameRoom.size() - perRoom)));
        }
        if (all.size() >= perUser) {
            wait = max(wait, untilLeaves(now, all.get(all.size() - perUser)));
        }
        return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** The wait in whole seconds as told to the caller: rounded up, and at least 1. */
    static long seconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private Duration untilLeaves(Instant now, Instant attempt) {
        return Duration.between(now, attempt.plus(window));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
