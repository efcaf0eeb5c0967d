package dev.parley.model;

/** Command: create a password-protected room; the caller becomes its first member. */
public record CreateRoom(String name, String password) {

    @Override
    public String toString() {
        return "CreateRoom[name=" + name + ", password=***]";
    }
}
