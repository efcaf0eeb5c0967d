package dev.parley.model;

/** A Parley user as known to room-service: the token subject, a display name and an e-mail address (may be null). */
public record UserProfile(String id, String displayName, String email) {
}
