package dev.parley.room.rooms;

import java.time.Instant;
import java.util.UUID;

import dev.parley.model.Room;

/** A room row including its owner and password hash; never leaves this package except as a {@link Room}. */
record StoredRoom(UUID id, String name, String passwordHash, String createdBy, Instant createdAt, String owner) {

    Room toRoom() {
        return new Room(id, name, createdBy, createdAt);
    }

    @Override
    public String toString() {
        return "StoredRoom[id=" + id + ", name=" + name + ", owner=" + owner + ", passwordHash=***]";
    }
}
