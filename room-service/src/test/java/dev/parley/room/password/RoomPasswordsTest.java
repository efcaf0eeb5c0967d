package dev.parley.room.password;

import java.time.Duration;

import dev.parley.room.RoomProperties;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class RoomPasswordsTest {

    private final RoomPasswords passwords = new RoomPasswords(new RoomProperties("topic", "membership-topic",
            new RoomProperties.Password(8, 10, 1, new RoomProperties.Attempts(5, 20, Duration.ofMinutes(1))),
            new RoomProperties.Events(256, Duration.ofSeconds(1)), new RoomProperties.Kafka("localhost:9092", (short) 1),
            new RoomProperties.Security("http://issuer", "http://issuer/jwks", "parley", Duration.ofSeconds(30))),
            new BCryptPasswordEncoder(10));

    @Test
    void hashWhenComputedThenIsBcryptWithConfiguredCostAndMatchesOnlyThePassword() {
        String hash = passwords.hash("correct horse").block(Duration.ofSeconds(10));

        assertThat(hash).startsWith("$2").contains("$10$").doesNotContain("correct horse");
        StepVerifier.create(passwords.matches("General", "correct horse", hash)).expectNext(true).verifyComplete();
        StepVerifier.create(passwords.matches("General", "wrong horse!", hash)).expectNext(false).verifyComplete();
    }

    @Test
    void matchesWhenRoomUnknownThenFalse() {
        StepVerifier.create(passwords.matches("General", "correct horse", null)).expectNext(false).verifyComplete();
    }

    @Test
    void matchesWhenPasswordMissingOrBeyondBcryptLimitThenFalse() {
        String hash = passwords.hash("a".repeat(72)).block(Duration.ofSeconds(10));

        StepVerifier.create(passwords.matches("General", null, hash)).expectNext(false).verifyComplete();
        StepVerifier.create(passwords.matches("General", "a".repeat(73), hash)).expectNext(false).verifyComplete();
    }

    @Test
    void matchesWhenPasswordHasALoneSurrogateThenFalseEvenAgainstTheHashOfItsQuestionMarkLookAlike() {
        String hash = passwords.hash("?abcdefgh").block(Duration.ofSeconds(10));

        StepVerifier.create(passwords.matches("General", "\ud800abcdefgh", hash)).expectNext(false).verifyComplete();
        StepVerifier.create(passwords.matches("General", "?abcdefgh", hash)).expectNext(true).verifyComplete();
    }
}
