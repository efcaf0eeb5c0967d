package dev.parley.room.attempts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptLimitsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T05:00:00Z");

    private final AttemptLimits limits = new AttemptLimits(3, 5, Duration.ofMinutes(1));

    @Test
    void retryAfterWhenFewerFailuresThanEitherLimitThenAllowed() {
        List<Instant> two = List.of(ago(30), ago(10));

        assertThat(limits.retryAfter(NOW, two, two)).isEmpty();
    }

    @Test
    void retryAfterWhenRoomLimitReachedThenUntilItsOldestCountedFailureLeavesTheWindow() {
        List<Instant> three = List.of(ago(50), ago(20), ago(10));

        assertThat(limits.retryAfter(NOW, three, three)).contains(Duration.ofSeconds(10));
    }

    @Test
    void retryAfterWhenMoreFailuresThanTheLimitThenUntilEnoughHaveLeft() {
        // Four failures on the room (a race let one more through): the count drops below 3 when the second goes.
        List<Instant> four = List.of(ago(55), ago(40), ago(20), ago(10));

        assertThat(limits.retryAfter(NOW, four, four)).contains(Duration.ofSeconds(20));
    }

    @Test
    void retryAfterWhenUserLimitReachedOnOtherRoomsThenLimitedHereToo() {
        List<Instant> five = List.of(ago(45), ago(40), ago(30), ago(20), ago(10));

        assertThat(limits.retryAfter(NOW, List.of(), five)).contains(Duration.ofSeconds(15));
    }

    @Test
    void retryAfterWhenBothLimitsReachedThenTheLongerWait() {
        List<Instant> sameRoom = List.of(ago(30), ago(25), ago(5));
        List<Instant> all = List.of(ago(59), ago(58), ago(30), ago(25), ago(5));

        assertThat(limits.retryAfter(NOW, sameRoom, all)).contains(Duration.ofSeconds(30));
    }

    @Test
    void secondsWhenFractionalThenRoundedUpAndNeverZero() {
        assertThat(AttemptLimits.seconds(Duration.ofMillis(100))).isEqualTo(1);
        assertThat(AttemptLimits.seconds(Duration.ofMillis(4_001))).isEqualTo(5);
        assertThat(AttemptLimits.seconds(Duration.ofSeconds(7))).isEqualTo(7);
    }

    private static Instant ago(int seconds) {
        return NOW.minusSeconds(seconds);
    }
}
