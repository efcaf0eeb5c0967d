package dev.parley.model;

/** Command: the room's owner removes the member with this user id (the token subject) from the room. */
public record RemoveMember(String userId) {
}
