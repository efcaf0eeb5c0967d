package dev.parley.model;

/**
 * Query: one page of a room's history, newest first up to {@code limit} messages with {@code seq < beforeSeq}
 * ({@code beforeSeq} null means the latest page). Pages are keyset pages on seq.
 */
public record HistoryQuery(Long beforeSeq, int limit) {
}
