package dev.parley.room.password;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordRulesTest {

    private static final String ROOM = "General";

    private final PasswordRules rules = new PasswordRules(8);

    @Test
    void passwordWhenAtLeastMinimumLengthThenAccepted() {
        assertThatCode(() -> rules.check("12345678", ROOM)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "1234567", "short" })
    void passwordWhenMissingOrShorterThanMinimumThenRejected(String password) {
        assertRejected(password, ROOM);
    }

    @Test
    void passwordWhenExactly72BytesThenAccepted() {
        assertThatCode(() -> rules.check("a".repeat(72), ROOM)).doesNotThrowAnyException();
    }

    @Test
    void passwordWhen73BytesThenRejected() {
        assertRejected("a".repeat(73), ROOM);
    }

    @Test
    void passwordWhenFewCharactersButMoreThan72BytesInUtf8ThenRejected() {
        // 25 characters of 3 bytes each: 75 bytes.
        assertRejected("€".repeat(25), ROOM);
    }

    @Test
    void passwordLengthWhenCountedThenCountsCharactersNotUtf16Units() {
        // 4 characters outside the basic plane are 8 UTF-16 units but still too short.
        assertRejected("\uD83D\uDE00".repeat(4), ROOM);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\ud800abcdefgh", "abcdefgh\udc00", "abcd\udc00\ud800efgh", "abcdefg\ud83d" })
    void passwordWhenItHasALoneSurrogateThenRejectedRatherThanHashedAsQuestionMark(String password) {
        assertThatThrownBy(() -> rules.check(password, ROOM)).isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
            assertThat(e.getMessage()).isEqualTo("the password is not valid Unicode (a lone surrogate)");
        });
    }

    @Test
    void passwordWhenSurrogatesArePairedOrItHasControlCharactersThenAccepted() {
        // NOTE: a password is only hashed, never stored as text, so NUL and other control characters are fine.
        assertThatCode(() -> rules.check("\ud83d\ude00".repeat(8), ROOM)).doesNotThrowAnyException();
        assertThatCode(() -> rules.check("pass\u0000word", ROOM)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "        ", "\t\t\t\t\n\n\n\n", "\u00A0\u00A0\u00A0\u00A0\u2003\u2003\u2003\u2003",
        "  \u3000 \u3000 \u3000 " })
    void passwordWhenOnlyWhitespaceIncludingUnicodeSpacesThenRejectedWithThatReason(String password) {
        assertThatThrownBy(() -> rules.check(password, ROOM)).hasMessage("the password must not be only whitespace");
    }

    @Test
    void passwordWhenWhitespaceAroundOtherCharactersThenAccepted() {
        assertThatCode(() -> rules.check("  a b c d  ", ROOM)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "General Chat", "general chat", "GENERAL CHAT", "  General Chat  " })
    void passwordWhenRoomNameIgnoringCaseAndSurroundingSpaceThenRejectedWithThatReason(String password) {
        assertThatThrownBy(() -> rules.check(password, "General Chat"))
            .hasMessage("the password must not be the room's name");
    }

    @Test
    void passwordWhenRoomNameInAnotherUnicodeFormThenStillRejected() {
        // "Café Olé" with decomposed accents (e + U+0301) against the NFC room name.
        assertRejected("Cafe\u0301 Ole\u0301", "Caf\u00E9 Ol\u00E9");
    }

    @Test
    void passwordWhenMerelyContainsRoomNameThenAccepted() {
        assertThatCode(() -> rules.check("General Chat 2024!", "General Chat")).doesNotThrowAnyException();
    }

    private void assertRejected(String password, String roomName) {
        assertThatThrownBy(() -> rules.check(password, roomName)).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PASSWORD));
    }
}
