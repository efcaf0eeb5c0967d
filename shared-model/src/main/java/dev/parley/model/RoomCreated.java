package dev.parley.model;

/** Event: a room was created; pushed to every connected client's live room list. */
public record RoomCreated(Room room) {
}
