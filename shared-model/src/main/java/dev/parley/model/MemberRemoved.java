package dev.parley.model;

import java.util.UUID;

/**
 * Event: a member was removed from a room. room-service publishes it (Kafka, the membership events topic) once the
 * removal is stored; every chat-service instance ends that user's open streams of the room and forgets that it
 * trusted them as a member.
 */
public record MemberRemoved(UUID roomId, String userId) {
}
