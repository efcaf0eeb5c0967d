package dev.parley.room.rooms;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.RoomQuery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoomSearchTest {

    @Test
    void noQueryIsTheFirstPageOfEveryRoom() {
        assertThat(RoomSearch.of(null)).isEqualTo(new RoomSearch(null, null, RoomQuery.DEFAULT_LIMIT));
        assertThat(RoomSearch.of(RoomQuery.firstPage())).isEqualTo(new RoomSearch(null, null, RoomQuery.DEFAULT_LIMIT));
    }

    @Test
    void blankTextMeansNoFilterAndTextIsComparedAsNamesAreStored() {
        assertThat(RoomSearch.of(new RoomQuery(" \t", "", 7))).isEqualTo(new RoomSearch(null, null, 7));
        // "é" as e + combining acute is stored as the single code point (NFC), like room names.
        assertThat(RoomSearch.of(new RoomQuery("  Cafe\u0301 ", "Cafe\u0301", null)).search()).isEqualTo("Caf\u00e9");
    }

    @Test
    void aNulCharacterCannotReachTheDatabase() {
        assertThat(RoomSearch.of(new RoomQuery("a\u0000b", "\u0000x", null)))
            .isEqualTo(new RoomSearch("a\uFFFDb", "\uFFFDx", RoomQuery.DEFAULT_LIMIT));
    }

    @Test
    void textIsCountedInCharactersNotBytes() {
        assertThat(RoomSearch.of(new RoomQuery("ü".repeat(64), null, null)).search()).hasSize(64);
        assertThat(RoomSearch.of(new RoomQuery("😀".repeat(64), null, null)).search()).hasSize(128);
        assertRefused(new RoomQuery("😀".repeat(65), null, null), "search has at most 64 characters");
        assertRefused(new RoomQuery(null, "x".repeat(65), null), "after has at most 64 characters");
    }

    @Test
    void aLimitOutsideOneToAHundredIsRefused() {
        assertThat(RoomSearch.of(new RoomQuery(null, null, 1)).limit()).isEqualTo(1);
        assertThat(RoomSearch.of(new RoomQuery(null, null, 100)).limit()).isEqualTo(100);
        for (int limit : new int[] { 0, -1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE }) {
            assertRefused(new RoomQuery(null, null, limit), "limit must be between 1 and 100");
        }
    }

    private static void assertRefused(RoomQuery query, String detail) {
        assertThatThrownBy(() -> RoomSearch.of(query))
            .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
            .hasMessageContaining(detail);
    }
}
