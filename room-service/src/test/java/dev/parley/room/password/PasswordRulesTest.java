package dev.parley.room.password;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordRulesTest {

    private final PasswordRules rules = new PasswordRules(8);

    @Test
    void passwordWhenAtLeastMinimumLengthThenAccepted() {
        assertThatCode(() -> rules.check("12345678")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "1234567", "short" })
    void passwordWhenMissingOrShorterThanMinimumThenRejected(String password) {
        assertRejected(password);
    }

    @Test
    void passwordWhenExactly72BytesThenAccepted() {
        assertThatCode(() -> rules.check("a".repeat(72))).doesNotThrowAnyException();
    }

    @Test
    void passwordWhen73BytesThenRejected() {
        assertRejected("a".repeat(73));
    }

    @Test
    void passwordWhenFewCharactersButMoreThan72BytesInUtf8ThenRejected() {
        // 25 characters of 3 bytes each: 75 bytes.
        assertRejected("€".repeat(25));
    }

    @Test
    void passwordLengthWhenCountedThenCountsCharactersNotUtf16Units() {
        // 4 characters outside the basic plane are 8 UTF-16 units but still too short.
        assertRejected("\uD83D\uDE00".repeat(4));
    }

    private void assertRejected(String password) {
        assertThatThrownBy(() -> rules.check(password)).isInstanceOfSatisfying(ParleyException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PASSWORD));
    }
}
