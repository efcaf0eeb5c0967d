package dev.parley.model.frame;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame sent by a client over the gateway WebSocket. The {@code type} field selects the kind; {@code ref} is an
 * optional client-chosen correlation id echoed in the reply. See docs/protocol.md.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.Auth.class, name = "auth"),
        @JsonSubTypes.Type(value = ClientFrame.ListRooms.class, name = "rooms.list"),
        @JsonSubTypes.Type(value = ClientFrame.CreateRoom.class, name = "room.create"),
        @JsonSubTypes.Type(value = ClientFrame.JoinRoom.class, name = "room.join"),
        @JsonSubTypes.Type(value = ClientFrame.EnterRoom.class, name = "room.enter"),
        @JsonSubTypes.Type(value = ClientFrame.LeaveRoom.class, name = "room.leave"),
        @JsonSubTypes.Type(value = ClientFrame.FetchHistory.class, name = "history.fetch"),
        @JsonSubTypes.Type(value = ClientFrame.SendMessage.class, name = "message.send"),
        @JsonSubTypes.Type(value = ClientFrame.ChangeRoomPassword.class, name = "room.password.change"),
        @JsonSubTypes.Type(value = ClientFrame.RemoveMember.class, name = "room.member.remove"),
        @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping") })
public sealed interface ClientFrame {

    String ref();

    /** Signs the connection in, or hands a renewed token to an open connection. */
    record Auth(String ref, String token) implements ClientFrame {

        @Override
        public String toString() {
            return "Auth[ref=" + ref + ", token=***]";
        }
    }

    /** Asks for a page of the room list: rooms whose name contains {@code search}, after {@code after}. */
    record ListRooms(String ref, String search, String after, Integer limit) implements ClientFrame {
    }

    /** Creates a password-protected room; the sender becomes a member. */
    record CreateRoom(String ref, String name, String password) implements ClientFrame {

        @Override
        public String toString() {
            return "CreateRoom[ref=" + ref + ", name=" + name + ", password=***]";
        }
    }

    /** Joins a room by name and password. */
    record JoinRoom(String ref, String name, String password) implements ClientFrame {

        @Override
        public String toString() {
            return "JoinRoom[ref=" + ref + ", name=" + name + ", password=***]";
        }
    }

    /**
     * Starts receiving a room's messages. Without {@code afterSeq}: the latest page of history, then live messages.
     * With {@code afterSeq}: every message after it (resume), then live messages.
     */
    record EnterRoom(String ref, UUID roomId, Long afterSeq) implements ClientFrame {
    }

    /** Stops receiving a room's messages (membership is kept). */
    record LeaveRoom(String ref, UUID roomId) implements ClientFrame {
    }

    /** Asks for an older page of history: up to {@code limit} messages with seq below {@code beforeSeq}. */
    record FetchHistory(String ref, UUID roomId, Long beforeSeq, Integer limit) implements ClientFrame {
    }

    /** Posts a message; {@code clientMsgId} makes retries idempotent. */
    record SendMessage(String ref, UUID roomId, String clientMsgId, String text) implements ClientFrame {
    }

    /** The room's owner sets a new password. */
    record ChangeRoomPassword(String ref, UUID roomId, String newPassword) implements ClientFrame {

        @Override
        public String toString() {
            return "ChangeRoomPassword[ref=" + ref + ", roomId=" + roomId + ", newPassword=***]";
        }
    }

    /** The room's owner removes a member. */
    record RemoveMember(String ref, UUID roomId, String userId) implements ClientFrame {
    }

    /** Application-level keep-alive; answered by {@code pong}. */
    record Ping(String ref) implements ClientFrame {
    }
}
