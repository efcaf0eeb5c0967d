package dev.parley.model;

import java.time.Instant;
import java.util.UUID;

/** The acknowledgement of a posted message, sent only once the message is durable. */
public record MessageAck(UUID id, UUID roomId, long seq, Instant sentAt, String clientMsgId) {
}
