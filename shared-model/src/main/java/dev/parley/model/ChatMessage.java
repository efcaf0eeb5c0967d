package dev.parley.model;

import java.time.Instant;
import java.util.UUID;

/** A stored message. {@code seq} is the room's gapless, strictly increasing sequence number, starting at 1. */
public record ChatMessage(UUID id, UUID roomId, long seq, String senderId, String senderName, String text,
        Instant sentAt, String clientMsgId) {
}
