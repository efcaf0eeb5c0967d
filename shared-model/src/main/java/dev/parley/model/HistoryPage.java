package dev.parley.model;

import java.util.List;
import java.util.UUID;

/** One page of history in ascending seq order; {@code hasMore} says whether older messages exist. */
public record HistoryPage(UUID roomId, List<ChatMessage> messages, boolean hasMore) {
}
