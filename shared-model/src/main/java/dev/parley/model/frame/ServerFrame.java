package dev.parley.model.frame;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.parley.model.ChatMessage;
import dev.parley.model.Room;
import dev.parley.model.UserProfile;

/** A frame sent by the gateway to a client. See docs/protocol.md for when each is sent. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerFrame.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = ServerFrame.TokenRefreshed.class, name = "auth.refreshed"),
        @JsonSubTypes.Type(value = ServerFrame.Rooms.class, name = "rooms"),
        @JsonSubTypes.Type(value = ServerFrame.RoomCreated.class, name = "room.created"),
        @JsonSubTypes.Type(value = ServerFrame.RoomJoined.class, name = "room.joined"),
        @JsonSubTypes.Type(value = ServerFrame.RoomEntered.class, name = "room.entered"),
        @JsonSubTypes.Type(value = ServerFrame.RoomLeft.class, name = "room.left"),
        @JsonSubTypes.Type(value = ServerFrame.History.class, name = "history"),
        @JsonSubTypes.Type(value = ServerFrame.Message.class, name = "message"),
        @JsonSubTypes.Type(value = ServerFrame.MessageAcked.class, name = "message.ack"),
        @JsonSubTypes.Type(value = ServerFrame.RoomPasswordChanged.class, name = "room.password.changed"),
        @JsonSubTypes.Type(value = ServerFrame.MemberRemoved.class, name = "room.member.removed"),
        @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error") })
public sealed interface ServerFrame {

    /** The connection is signed in. */
    record Ready(String ref, UserProfile user, Instant tokenExpiresAt) implements ServerFrame {
    }

    /** A renewed token was accepted for this connection. */
    record TokenRefreshed(String ref, Instant tokenExpiresAt) implements ServerFrame {
    }

    /**
     * A page of the room list, in name order ignoring case; {@code next} asks for the page after it (null: none).
     * With {@code ref} null, the first page of the whole list: after sign-in, and after the live list had to be
     * resynced (clients merge it and page on from its {@code next}).
     */
    record Rooms(String ref, List<Room> rooms, String next) implements ServerFrame {
    }

    /** Live: a room was created by anyone, anywhere. May repeat a room already listed; clients dedupe by id. */
    record RoomCreated(Room room) implements ServerFrame {
    }

    /** Reply to {@code room.create} and {@code room.join}: the sender is now a member. */
    record RoomJoined(String ref, Room room) implements ServerFrame {
    }

    /**
     * Reply to {@code room.enter}: the latest history page when no {@code afterSeq} was given (empty on resume);
     * {@code message} frames follow.
     */
    record RoomEntered(String ref, UUID roomId, List<ChatMessage> messages, boolean hasMore) implements ServerFrame {
    }

    /** Reply to {@code room.leave}: no more messages of this room will be sent. */
    record RoomLeft(String ref, UUID roomId) implements ServerFrame {
    }

    /** Reply to {@code history.fetch}: one page, ascending seq. */
    record History(String ref, UUID roomId, List<ChatMessage> messages, boolean hasMore) implements ServerFrame {
    }

    /** A message of an entered room: every seq exactly once and in order. */
    record Message(UUID roomId, UUID id, long seq, String senderId, String senderName, String text, Instant sentAt,
            String clientMsgId) implements ServerFrame {

        public static Message of(ChatMessage m) {
            return new Message(m.roomId(), m.id(), m.seq(), m.senderId(), m.senderName(), m.text(), m.sentAt(),
                    m.clientMsgId());
        }
    }

    /** Reply to {@code message.send}, sent once the message is durable. */
    record MessageAcked(String ref, UUID roomId, UUID id, long seq, Instant sentAt, String clientMsgId)
            implements ServerFrame {
    }

    /** Reply to {@code room.password.change}. */
    record RoomPasswordChanged(String ref, UUID roomId) implements ServerFrame {
    }

    /** Reply to {@code room.member.remove}. */
    record MemberRemoved(String ref, UUID roomId, String userId) implements ServerFrame {
    }

    /** Reply to {@code ping}. */
    record Pong(String ref) implements ServerFrame {
    }

    /** A refused request (or a failed room stream, with the {@code ref} of its {@code room.enter}). */
    record Error(String ref, String code, String message, boolean retryable) implements ServerFrame {
    }
}
