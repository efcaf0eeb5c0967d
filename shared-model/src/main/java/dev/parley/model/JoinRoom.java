package dev.parley.model;

/** Command: join a room by its name and password. */
public record JoinRoom(String name, String password) {

    @Override
    public String toString() {
        return "JoinRoom[name=" + name + ", password=***]";
    }
}
