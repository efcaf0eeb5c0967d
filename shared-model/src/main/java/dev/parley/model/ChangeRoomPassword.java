package dev.parley.model;

/** Command: the room's owner sets a new room password (the caller is authenticated, so no current password). */
public record ChangeRoomPassword(String newPassword) {

    @Override
    public String toString() {
        return "ChangeRoomPassword[newPassword=***]";
    }
}
