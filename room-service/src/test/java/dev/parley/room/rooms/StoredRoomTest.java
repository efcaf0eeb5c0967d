package dev.parley.room.rooms;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import dev.parley.model.Room;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class StoredRoomTest {

    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuuJ6a1mZ3s1x3s0r3V6lC8n7d1P0eYb2";

    private final StoredRoom stored = new StoredRoom(UUID.randomUUID(), "General", HASH, "alice",
            Instant.parse("2025-01-01T00:00:00Z"), "alice");

    @Test
    void roomWhenMadeFromStoredRoomThenKeepsEverythingButTheHash() {
        Room room = stored.toRoom();

        assertThat(room).isEqualTo(new Room(stored.id(), "General", "alice", stored.createdAt()));
        assertThat(room.toString()).doesNotContain(HASH);
    }

    @Test
    void roomJsonWhenSerializedThenHasNoPasswordMaterial() {
        String json = JsonMapper.builder().build().writeValueAsString(stored.toRoom());

        assertThat(json).doesNotContain(HASH).doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("hash");
    }

    @Test
    void roomRecordWhenInspectedThenHasNoPasswordOrHashComponent() {
        assertThat(Arrays.stream(Room.class.getRecordComponents()).map(c -> c.getName().toLowerCase()))
            .noneMatch(name -> name.contains("password") || name.contains("hash"));
    }

    @Test
    void storedRoomWhenPrintedThenHidesTheHash() {
        assertThat(stored.toString()).doesNotContain(HASH);
    }
}
