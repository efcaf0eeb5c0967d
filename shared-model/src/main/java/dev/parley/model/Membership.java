package dev.parley.model;

import java.util.UUID;

/** Whether a user is a member of a room. */
public record Membership(UUID roomId, String userId, boolean member) {
}
