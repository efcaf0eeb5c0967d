package dev.parley.model;

/**
 * Command: post a message to the room named in the route. {@code clientMsgId} is chosen by the client and makes the
 * post idempotent: posting again with the same id returns the first acknowledgement.
 */
public record PostMessage(String clientMsgId, String text) {
}
