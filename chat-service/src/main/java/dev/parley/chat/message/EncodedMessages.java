package dev.parley.chat.message;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.parley.model.ChatMessage;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * A live message's JSON, written once and sent to every stream of its room: each of a room's members has a stream,
 * and encoding the same message again for each one was a large part of chat-service's CPU under load
 * (docs/benchmarks.md). Keyed by message id; bounded: when full, it starts again empty (messages leave it within
 * moments anyway, once every stream has sent them).
 */
@Component
class EncodedMessages {

    private static final int CAPACITY = 4096;

    private final JsonMapper json;

    private final Map<UUID, byte[]> recent = new ConcurrentHashMap<>();

    EncodedMessages(JsonMapper json) {
        this.json = json;
    }

    byte[] encode(ChatMessage message) {
        byte[] known = this.recent.get(message.id());
        if (known != null) {
            return known;
        }
        byte[] encoded = this.json.writeValueAsBytes(message);
        if (this.recent.size() >= CAPACITY) {
            this.recent.clear();
        }
        this.recent.put(message.id(), encoded);
        return encoded;
    }
}
