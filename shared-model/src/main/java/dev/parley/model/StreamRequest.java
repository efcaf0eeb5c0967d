package dev.parley.model;

/**
 * Request: every message of the room with {@code seq > afterSeq}, first from storage, then live, in seq order,
 * each exactly once.
 */
public record StreamRequest(long afterSeq) {
}
