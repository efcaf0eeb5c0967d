package dev.parley.room.attempts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JoinAttemptsTest {

    @Test
    void keyWhenNamesDifferOnlyInCaseSpaceOrUnicodeFormThenSameKey() {
        assertThat(JoinAttempts.key("  Caf\u00E9 ")).isEqualTo(JoinAttempts.key("CAFE\u0301"))
            .isEqualTo("caf\u00E9");
    }

    @Test
    void keyWhenNameMissingThenEmptyKey() {
        assertThat(JoinAttempts.key(null)).isEmpty();
    }

    @Test
    void keyWhenNameHugeThenBoundedToWholeCharacters() {
        String key = JoinAttempts.key("\uD83D\uDE00".repeat(500));

        assertThat(key.codePointCount(0, key.length())).isEqualTo(100);
        assertThat(key).isEqualTo("\uD83D\uDE00".repeat(100));
    }
}
