package dev.parley.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An item of a room's relay ({@link MessageRoutes#RELAY}): the one stream a gateway follows per room, shared by every
 * member it has connected, instead of one stream per member. The first item is always a {@link Head}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RelayItem.Head.class, name = "head"),
        @JsonSubTypes.Type(value = RelayItem.Message.class, name = "message"),
        @JsonSubTypes.Type(value = RelayItem.Removal.class, name = "removal") })
public sealed interface RelayItem {

    /**
     * Where the relay starts: every message up to {@code seq} was stored before it; the messages after it follow, each
     * once and in order. Sent once the relay hears of removals, so a membership checked after it cannot miss one.
     */
    record Head(long seq) implements RelayItem {
    }

    /** The room's next message. */
    record Message(ChatMessage message) implements RelayItem {
    }

    /** The user was removed from the room: the gateway ends that user's streams of it. */
    record Removal(String userId) implements RelayItem {
    }
}
