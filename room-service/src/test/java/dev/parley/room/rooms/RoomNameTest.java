package dev.parley.room.rooms;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoomNameTest {

    @ParameterizedTest
    @ValueSource(strings = { "General", "a", "team-1_chat.v2", "Café crème", "Ünïcödé", "日本語の部屋", "9 lives",
        "नमस्ते" })
    void nameWhenLettersDigitsSpacesAndPunctuationThenAccepted(String name) {
        assertThat(new RoomName(name).value()).isEqualTo(name);
    }

    @Test
    void nameWhenSurroundedByWhitespaceThenTrimmed() {
        assertThat(new RoomName("  General \t").value()).isEqualTo("General");
    }

    @Test
    void nameWhenDecomposedThenNormalizedToComposedForm() {
        assertThat(new RoomName("Cafe\u0301").value()).isEqualTo("Caf\u00e9");
    }

    @Test
    void nameWhenExactly64CharactersThenAccepted() {
        assertThat(new RoomName("a".repeat(64)).value()).hasSize(64);
    }

    @Test
    void nameWhen64CharactersOutsideTheBasicPlaneThenAccepted() {
        String name = "\uD835\uDC00".repeat(64);
        assertThat(new RoomName(name).value()).isEqualTo(name);
    }

    @Test
    void nameWhen65CharactersThenRejected() {
        assertInvalid("a".repeat(65));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "   ", "\t\n" })
    void nameWhenMissingOrBlankThenRejected(String name) {
        assertInvalid(name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "-general", "_general", ".general", "room/1", "room<script>", "tab\there", "emoji 😀",
        "semi;colon", "new\nline" })
    void nameWhenDisallowedCharacterOrStartThenRejected(String name) {
        assertInvalid(name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\u0000", "room\u0000", "a\u0001b", "a\u007f", "a\u0085", "\ud800", "room\udc00",
        "Caf\u00e9\ud800", "\udc00\ud800 x" })
    void nameWhenControlCharacterOrLoneSurrogateThenRejectedLikeAnyDisallowedCharacter(String name) {
        // NOTE: neither is a letter or digit, so the pattern refuses them; a lone surrogate never reaches PostgreSQL,
        // which would store it as '?'.
        assertThatThrownBy(() -> new RoomName(name)).isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ROOM_NAME);
            assertThat(e.getMessage()).startsWith("a room name has only letters, digits");
        });
    }

    private static void assertInvalid(String name) {
        assertThatThrownBy(() -> new RoomName(name)).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ROOM_NAME));
    }
}
